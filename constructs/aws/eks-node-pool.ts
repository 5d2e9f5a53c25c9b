import { EksNodeGroup, type EksNodeGroupTaint } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import { recordSource } from '../../policies/engine/source';
import type { EksCluster } from './eks-cluster';
import { serviceTrustPolicy } from './policy-document';

/** The AWS-managed policies a worker node needs: join the cluster, pull images, run the VPC CNI. */
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly', 'AmazonEKS_CNI_Policy'] as const;

export interface EksNodePoolProps {
  readonly cluster: EksCluster;
  /** Pool name, also the `plinth.dev/pool` node label. */
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** @default "AL2023_x86_64_STANDARD" */
  readonly amiType?: string;
  /** @default "ON_DEMAND" */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT';
  /** @default 50 */
  readonly diskSizeGb?: number;
  /** Taints that keep other workloads off this pool. @default - none */
  readonly taints?: readonly EksNodeGroupTaint[];
  /** Tags for the instances and volumes the pool launches (provider default tags do not reach them). @default - none */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/**
 * A managed node group in the cluster's private subnets. Instances require IMDSv2 with a hop limit
 * of 1, so pods cannot borrow the node's role, and their root volumes are encrypted.
 */
export class EksNodePool extends Construct {
  readonly nodeGroup: EksNodeGroup;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: EksNodePoolProps) {
    super(scope, id);
    if (props.minSize > props.maxSize || props.desiredSize < props.minSize || props.desiredSize > props.maxSize) {
      throw new Error(
        `EksNodePool ${this.node.path}: sizes must satisfy minSize <= desiredSize <= maxSize, got ${props.minSize} <= ${props.desiredSize} <= ${props.maxSize}`,
      );
    }
    const name = `${props.cluster.name}-${props.name}`;
    this.role = new IamRole(this, 'NodeRole', { name: `${name}-node`, assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com') });
    const attachments = NODE_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, {
          role: this.role.name,
          policyArn: `arn:${props.cluster.partition}:iam::aws:policy/${policy}`,
        }),
    );
    const instanceTags = { ...props.instanceTags, Name: name };
    const launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name,
      description: `Nodes of ${name}: IMDSv2 only, encrypted volumes`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: props.diskSizeGb ?? 50, volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      tagSpecifications: [
        { resourceType: 'instance', tags: instanceTags },
        { resourceType: 'volume', tags: instanceTags },
      ],
    });
    this.nodeGroup = new EksNodeGroup(this, 'Resource', {
      // The resource's own attribute, not the plain name: Terraform must create the cluster first.
      clusterName: props.cluster.cluster.name,
      nodeGroupName: props.name,
      nodeRoleArn: this.role.arn,
      subnetIds: props.cluster.subnetIds,
      instanceTypes: [...props.instanceTypes],
      amiType: props.amiType ?? 'AL2023_x86_64_STANDARD',
      capacityType: props.capacityType ?? 'ON_DEMAND',
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
      labels: { 'plinth.dev/pool': props.name },
      taint: props.taints ? [...props.taints] : undefined,
      // The cluster autoscaler owns the desired size once the pool runs.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: attachments,
    });
    recordSource(this);
  }
}
