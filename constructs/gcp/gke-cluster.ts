import { Construct } from 'constructs';
import type { ClusterAccess, Grantee, KubernetesCluster, NodeGroupPriorities, NodePool, NodePoolSpec, WorkloadIdentity } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';
import type { GcpNetwork } from './vpc-network';

export interface GkeClusterProps {
  readonly project: string;
  readonly region: string;
  readonly name: string;
  readonly network: GcpNetwork;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** Kubernetes minor version (`1.33`): the release channel's version of it. */
  readonly version: string;
  /** Master authorized networks; empty keeps the endpoint private. Never 0.0.0.0/0. */
  readonly publicAccessCidrs: readonly string[];
  readonly deletionProtection: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** GKE Standard: private nodes, Workload Identity, Shielded Nodes, Dataplane V2, a release channel, CMEK secrets encryption. */
export class GkeCluster extends Construct implements KubernetesCluster {
  readonly access: ClusterAccess = { clusterName: '', host: '', caCertificateBase64: '', exec: { apiVersion: '', command: '', args: [] } };

  constructor(scope: Construct, id: string, readonly props: GkeClusterProps) {
    super(scope, id);
    throw new Error(`GkeCluster ${this.node.path}: not built yet`);
  }

  addNodePool(_name: string, _spec: NodePoolSpec): NodePool {
    throw new Error('not built yet');
  }

  addWorkloadIdentity(_namespace: string, _serviceAccountName: string): WorkloadIdentity {
    throw new Error('not built yet');
  }

  grantNodeAutoscaling(_grantee: Grantee): void {
    throw new Error('not built yet');
  }

  nodeGroupPriorities(): NodeGroupPriorities | undefined {
    return undefined;
  }

  enableEncryptedVolumes(): void {
    throw new Error('not built yet');
  }
}
