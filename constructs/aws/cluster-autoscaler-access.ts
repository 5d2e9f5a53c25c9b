import type { Grantee } from '../kit';
import { AwsAccount } from './account';
import { autoscalerOwnershipTag } from './autoscaler-node-template';
import type { EksCluster } from './eks-cluster';
import { grantToRole } from './grants';

/**
 * Lets `grantee` (the cluster autoscaler's workload identity) run the cluster autoscaler for `cluster`:
 * resize and remove instances of the autoscaling groups EKS tagged as this cluster's (managed node
 * groups carry `k8s.io/cluster-autoscaler/<cluster>: owned`), and no other group in the account; read
 * the cluster's node groups' labels and taints; describe groups, instance types and launch templates,
 * which IAM only grants on every resource. The autoscaler's README, "Full Cluster Autoscaler Features
 * Policy", is the reference, narrowed by the tag and to this cluster's node groups.
 */
export function grantClusterAutoscaling(cluster: EksCluster, grantee: Grantee): void {
  const account = AwsAccount.of(cluster);
  grantToRole(cluster, grantee, `${cluster.name}-cluster-autoscaling`, [
    {
      Sid: 'ResizeThisClustersNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: account.arn('autoscaling', cluster.region, 'autoScalingGroup:*:autoScalingGroupName/*'),
      Condition: { StringEquals: { [`aws:ResourceTag/${autoscalerOwnershipTag(cluster.name)}`]: 'owned' } },
    },
    {
      Sid: 'ReadThisClustersNodeGroups',
      Effect: 'Allow',
      Action: 'eks:DescribeNodegroup',
      Resource: account.arn('eks', cluster.region, `nodegroup/${cluster.name}/*/*`),
    },
    {
      // Describe and Get calls of Auto Scaling and EC2 accept no narrower resource.
      Sid: 'DescribeScalingOptions',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
      ],
      Resource: '*',
    },
  ]);
}
