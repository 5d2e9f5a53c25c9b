import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { WorkloadIdentity } from '../kit';

/**
 * The Kubernetes side of a workload identity made in the foundation stack: a service account with the
 * identity's name and binding annotations (IRSA's role ARN), without a mounted API token.
 */
export function serviceAccountFor(identity: WorkloadIdentity, namespace: string, labels: Record<string, string>, where: string): ServiceAccount {
  if (identity.namespace !== namespace) {
    throw new Error(`${where}: identity ${identity.description} is for namespace "${identity.namespace}", but the workload runs in "${namespace}"; request it with cluster.addWorkloadIdentity("${namespace}", "${identity.serviceAccountName}")`);
  }
  return new ServiceAccount({
    metadata: { name: identity.serviceAccountName, namespace, labels, annotations: { ...identity.serviceAccountAnnotations } },
    automountServiceAccountToken: false,
  });
}

/**
 * A service account for a workload that calls no cloud API (the console): no binding annotations, so
 * neither IRSA's webhook nor GKE's metadata server hands its pods any cloud credential.
 */
export function serviceAccountWithoutCloudIdentity(name: string, namespace: string, labels: Record<string, string>): ServiceAccount {
  return new ServiceAccount({ metadata: { name, namespace, labels }, automountServiceAccountToken: false });
}
