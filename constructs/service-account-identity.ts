import { Construct } from 'constructs';
import type { WorkloadIdentity } from './kit';
import { serviceAccountNameProblems } from './kubernetes-names';

/**
 * What every kit's workload identity shares: the Kubernetes service account it is for (checked, since a
 * binding to a name Kubernetes refuses would never be used) and its description for grant errors. Each
 * kit adds its cloud identity and the annotation that binds the service account to it.
 */
export abstract class ServiceAccountIdentity extends Construct implements WorkloadIdentity {
  abstract readonly cloud: string;
  abstract readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly description: string;

  /** @param kind - the construct's class, for errors: `IrsaIdentity test/Cluster/Identity-a-b: namespace ...` */
  protected constructor(scope: Construct, id: string, kind: string, clusterName: string, readonly namespace: string, readonly serviceAccountName: string) {
    super(scope, id);
    const problems = serviceAccountNameProblems(namespace, serviceAccountName);
    if (problems.length > 0) throw new Error(`${kind} ${this.node.path}: ${problems.join('; ')}`);
    this.description = `workload identity ${namespace}/${serviceAccountName} of cluster ${clusterName}`;
  }
}
