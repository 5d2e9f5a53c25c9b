import { Construct } from 'constructs';
import type { ProjectServices } from './project-services';

export interface GcpNetworkProps {
  readonly project: string;
  /** `<platform>-<environment>`: names the network and what belongs to it. */
  readonly name: string;
  readonly region: string;
  readonly services: ProjectServices;
  /** Primary IPv4 range of the regional subnet (nodes); pods and services get secondary ranges. */
  readonly cidr: string;
  readonly flowLogRetentionDays: number;
}

/** A custom-mode VPC with one regional subnet (secondary ranges for pods and services), Private Google Access, flow logs, Cloud NAT and private services access. */
export class GcpNetwork extends Construct {
  constructor(scope: Construct, id: string, readonly props: GcpNetworkProps) {
    super(scope, id);
    throw new Error(`GcpNetwork ${this.node.path}: not built yet`);
  }
}
