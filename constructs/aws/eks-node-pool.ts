import { AutoscalingGroupTagA } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup, type EksNodeGroupConfig } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
import type { NodePool, NodePoolSpec, NodeTaint } from '../kit';
import { nodePoolLabelsAndTaints, nodePoolSpecProblems, TAINT_EFFECTS } from '../node-pool-spec';
import { autoscalerNodeTemplateTags } from './autoscaler-node-template';
import type { EksCluster } from './eks-cluster';
import { eksImageAccount } from './eks-system-images';
import { gpuNodeShape, type GpuNodeShape } from './gpu-instance-types';
import { registerGrantee } from './grants';
import { policyDocument, serviceTrustPolicy } from './policy-document';

/**
 * The AWS-managed policies a worker node needs: join the cluster, and run the VPC CNI (a host-network
 * daemon that uses the node's role; IRSA for it would need the vpc-cni add-on managed here). Image
 * pulls are not among them: EKS's system images get their own policy below, the platform's images
 * come from `registry.grantPull(pool)`.
 */
const NODE_POLICIES = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'] as const;

export interface EksNodePoolProps extends NodePoolSpec {
  readonly cluster: EksCluster;
  /** Pool name, also the `plinth.dev/pool` node label: lower-case letters, digits and `-`, at most 20. */
  readonly name: string;
  /** @default "AL2023_x86_64_NVIDIA" for a pool with an NVIDIA accelerator (drivers and container toolkit installed), else "AL2023_x86_64_STANDARD" */
  readonly amiType?: string;
  /** @default 100 for a GPU pool (CUDA images are large), else 50 */
  readonly diskSizeGb?: number;
  /** Tags for the instances and volumes the pool launches (provider default tags do not reach them). @default - none */
  readonly instanceTags?: Readonly<Record<string, string>>;
}

/**
 * A managed node group in the cluster's private subnets. Instances require IMDSv2 with a hop limit
 * of 1, so pods cannot borrow the node's role, and their root volumes are encrypted. The pool is a
 * grantee: `registry.grantPull(pool)` lets its kubelet pull the platform's images.
 */
export class EksNodePool extends Construct implements NodePool {
  readonly cloud = 'aws';
  readonly name: string;
  /** What each node offers when the pool has an accelerator. */
  readonly gpu?: GpuNodeShape;
  readonly description: string;
  readonly nodeGroup: EksNodeGroup;
  /** With `spotFallbackToOnDemand`: the on-demand twin of the spot `nodeGroup`, named `<name>-on-demand`. */
  readonly onDemandFallback?: EksNodeGroup;
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: EksNodePoolProps) {
    super(scope, id);
    const gpu = props.accelerator ? gpuNodeShape(props.instanceTypes) : undefined;
    const problems = [...nodePoolSpecProblems(props.name, props), ...(gpu?.problems ?? [])];
    if (problems.length > 0) throw new Error(`EksNodePool ${this.node.path}: ${problems.join('; ')}`);
    this.name = props.name;
    this.gpu = gpu?.shape;
    const { labels, taints } = nodePoolLabelsAndTaints(props.name, props, this.gpu ? gpuLabels(this.gpu) : {});
    this.description = `node pool ${props.name} of cluster ${props.cluster.name}`;
    const name = `${props.cluster.name}-${props.name}`;
    const partition = props.cluster.partition;
    this.role = new IamRole(this, 'NodeRole', { name: `${name}-node`, assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com') });
    registerGrantee(this, this.role);
    const attachments = NODE_POLICIES.map(
      (policy) => new IamRolePolicyAttachment(this, policy, { role: this.role.name, policyArn: `arn:${partition}:iam::aws:policy/${policy}` }),
    );
    const imageAccount = eksImageAccount(props.cluster.region, `EksNodePool ${this.node.path}`);
    const systemImages = new IamRolePolicy(this, 'SystemImagesPolicy', {
      role: this.role.id,
      name: 'pull-eks-system-images',
      policy: policyDocument(
        {
          Sid: 'PullEksSystemImages',
          Effect: 'Allow',
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: `arn:${partition}:ecr:${props.cluster.region}:${imageAccount}:repository/*`,
        },
        // The registry login token is account-wide by design: IAM accepts no narrower resource for it.
        { Sid: 'LogInToRegistries', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      ),
    });
    const instanceTags = { ...props.instanceTags, Name: name };
    const launchTemplate = new LaunchTemplate(this, 'LaunchTemplate', {
      name,
      description: `Nodes of ${name}: IMDSv2 only, encrypted volumes`,
      updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        { deviceName: '/dev/xvda', ebs: { volumeSize: props.diskSizeGb ?? (this.gpu ? 100 : 50), volumeType: 'gp3', encrypted: 'true', deleteOnTermination: 'true' } },
      ],
      tagSpecifications: [
        { resourceType: 'instance', tags: instanceTags },
        { resourceType: 'volume', tags: instanceTags },
      ],
    });
    const nodes: NodeGroupShape = {
      // The resource's own attribute, not the plain name: Terraform must create the cluster first.
      clusterName: props.cluster.cluster.name,
      nodeRoleArn: this.role.arn,
      subnetIds: props.cluster.subnetIds,
      instanceTypes: [...props.instanceTypes],
      amiType: props.amiType ?? (this.gpu ? 'AL2023_x86_64_NVIDIA' : 'AL2023_x86_64_STANDARD'),
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.toString() },
      labels,
      taint: taints.length > 0 ? taints.map((taint) => ({ key: taint.key, value: taint.value, effect: TAINT_EFFECTS[taint.effect] })) : undefined,
      // The cluster autoscaler owns the desired size once the pool runs.
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
      dependsOn: [...attachments, systemImages],
    };
    this.nodeGroup = new EksNodeGroup(this, 'Resource', {
      ...nodes,
      nodeGroupName: props.name,
      capacityType: props.capacity === 'spot' ? 'SPOT' : 'ON_DEMAND',
      scalingConfig: { minSize: props.minSize, desiredSize: props.desiredSize, maxSize: props.maxSize },
    });
    if (props.minSize === 0) this.describeEmptyNodesToAutoscaler(this.nodeGroup, 'AutoscalerTemplate', labels, taints);
    if (props.spotFallbackToOnDemand) {
      // The same nodes on demand, idle at zero: the autoscaler's priorities (autoscaler-priorities.ts)
      // grow it only when the spot group cannot grow. Same role and launch template, so every grant
      // to the pool holds for these nodes too; EKS tags its autoscaling group as the cluster's, as for
      // every managed node group, so the autoscaler's tag-scoped permissions cover it.
      this.onDemandFallback = new EksNodeGroup(this, 'OnDemandFallback', {
        ...nodes,
        nodeGroupName: onDemandFallbackName(props.name),
        capacityType: 'ON_DEMAND',
        scalingConfig: { minSize: 0, desiredSize: 0, maxSize: props.maxSize },
      });
      this.describeEmptyNodesToAutoscaler(this.onDemandFallback, 'OnDemandFallbackTemplate', labels, taints);
    }
  }

  /**
   * Tags a node group's autoscaling group with what its nodes will look like, so the cluster
   * autoscaler can scale it up from zero nodes (managed node groups tag the ASG for discovery
   * themselves, but not with labels, taints or GPUs). An idle pool at zero then costs nothing.
   */
  private describeEmptyNodesToAutoscaler(nodeGroup: EksNodeGroup, idPrefix: string, labels: Record<string, string>, taints: readonly NodeTaint[]): void {
    const autoscalingGroupName = nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
    const tags = autoscalerNodeTemplateTags({ labels, taints, gpusPerNode: this.gpu?.gpusPerNode });
    for (const [key, value] of Object.entries(tags)) {
      // The instances already carry the labels and taints from EKS: the tag is for the autoscaler only.
      new AutoscalingGroupTagA(this, `${idPrefix}-${key.split('/').slice(2).join('-')}`, { autoscalingGroupName, tag: { key, value, propagateAtLaunch: false } });
    }
  }
}

/** What both node groups of a pool share: everything but name, capacity and sizes. */
type NodeGroupShape = Omit<EksNodeGroupConfig, 'nodeGroupName' | 'capacityType' | 'scalingConfig'>;

/** The node group name of a spot pool's on-demand fallback: `gpu-inference-on-demand`. */
export function onDemandFallbackName(poolName: string): string {
  return `${poolName}-on-demand`;
}

/** Labels a GPU node carries before its device plugin starts, so schedulers and the autoscaler know it is one. */
function gpuLabels(gpu: GpuNodeShape): Record<string, string> {
  return {
    // The cluster autoscaler treats a node with this label as not ready until its GPUs are advertised,
    // instead of scaling up again while the device plugin starts.
    'k8s.amazonaws.com/accelerator': gpu.accelerator,
    'plinth.dev/gpu-memory-gib': String(gpu.gpuMemoryGib),
  };
}
