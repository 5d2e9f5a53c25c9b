import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import type { ContinuousDeliveryRoles } from '../kit';
import { GithubActionsRoles } from './ci-roles';
import type { EksCluster } from './eks-cluster';

/**
 * EKS access entries for the `ci` capability's roles, since the cluster answers only principals it has an entry for
 * (authentication mode API): the deploy role as cluster administrator (it applies the workloads stack: namespaces,
 * RBAC, charts); the plan role with AmazonEKSViewPolicy, which reads every object but Secrets, so the services'
 * tokens stay out of a pull request's reach (Helm's releases, kept in Secrets, cannot be refreshed by it either).
 */
export function grantCiClusterAccess(cluster: EksCluster, roles: ContinuousDeliveryRoles): void {
  if (!(roles instanceof GithubActionsRoles)) {
    throw new Error(`EksCluster ${cluster.node.path} cannot give cluster access to CI roles the AWS kit did not make (plan role ${roles.planRole})`);
  }
  const policy = (name: string) => `arn:${cluster.partition}:eks::aws:cluster-access-policy/${name}`;
  for (const [id, principalArn, accessPolicy] of [
    ['CiDeployAccess', roles.deployRole, 'AmazonEKSClusterAdminPolicy'],
    ['CiPlanAccess', roles.planRole, 'AmazonEKSViewPolicy'],
  ] as const) {
    const entry = new EksAccessEntry(cluster, id, { clusterName: cluster.cluster.name, principalArn, type: 'STANDARD' });
    new EksAccessPolicyAssociation(cluster, `${id}Policy`, {
      clusterName: cluster.cluster.name,
      principalArn: entry.principalArn,
      policyArn: policy(accessPolicy),
      accessScope: { type: 'cluster' },
    });
  }
}
