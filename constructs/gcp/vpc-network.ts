import type { ITerraformDependable } from 'cdktf';
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
  /** The VPC's id (`projects/<p>/global/networks/<name>`, a Terraform reference). */
  readonly networkId = '';
  /** The regional subnet's id, where nodes get their addresses. */
  readonly subnetworkId = '';
  /** Names of the subnet's secondary ranges for GKE's VPC-native pods and services. */
  readonly podsRangeName = '';
  readonly servicesRangeName = '';
  /** The peering of private services access (Cloud SQL, Memorystore): resources with private IPs depend on it. */
  readonly privateServicesAccess: ITerraformDependable = undefined as unknown as ITerraformDependable;
  /** The address range reserved for private services access (its name), for Memorystore's reserved_ip_range. */
  readonly privateServicesRangeName = '';
  constructor(scope: Construct, id: string, readonly props: GcpNetworkProps) {
    super(scope, id);
    throw new Error(`GcpNetwork ${this.node.path}: not built yet`);
  }
}
