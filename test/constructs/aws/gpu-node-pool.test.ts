import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { grantClusterAutoscaling } from '../../../constructs/aws/cluster-autoscaler-access';
import { EksCluster } from '../../../constructs/aws/eks-cluster';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { VpcNetwork } from '../../../constructs/aws/vpc-network';
import type { NodePoolSpec } from '../../../constructs/kit';
import { policyOf, resourcesOf, synthAwsStack } from '../../support/construct-synth';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../../support/terraform';

const GPU_POOL: NodePoolSpec = { instanceTypes: ['g5.xlarge', 'g6.xlarge'], minSize: 0, desiredSize: 0, maxSize: 4, capacity: 'spot', accelerator: { kind: 'nvidia' } };

function platform(extra: (cluster: EksCluster) => void) {
  return synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
    const cluster = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key });
    cluster.addNodePool('system', { instanceTypes: ['t3.large'], minSize: 1, desiredSize: 2, maxSize: 3 });
    extra(cluster);
  });
}

const nodeGroup = (stack: ReturnType<typeof platform>, name: string) => resourcesOf(stack, 'aws_eks_node_group').find((group) => group.node_group_name === name)!;

describe('a GPU node pool', () => {
  const stack = platform((cluster) => cluster.addNodePool('gpu', GPU_POOL));
  const gpu = nodeGroup(stack, 'gpu');

  it('runs the NVIDIA AL2023 image on spot capacity, from 0 to maxSize nodes', () => {
    expect(gpu).toMatchObject({ ami_type: 'AL2023_x86_64_NVIDIA', capacity_type: 'SPOT', instance_types: ['g5.xlarge', 'g6.xlarge'] });
    expect(gpu.scaling_config).toEqual({ min_size: 0, desired_size: 0, max_size: 4 });
  });

  it('keeps pods without a GPU toleration off, and labels its nodes as GPU nodes before the device plugin runs', () => {
    expect(gpu.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    expect(gpu.labels).toEqual({
      'plinth.dev/pool': 'gpu',
      'plinth.dev/accelerator': 'nvidia',
      'plinth.dev/gpu-memory-gib': '24',
      'nvidia.com/gpu.present': 'true',
      // A10G and L4 mixed: one label value for both.
      'k8s.amazonaws.com/accelerator': 'nvidia',
    });
  });

  it('gives its nodes a 100 GB encrypted root volume for CUDA images', () => {
    const template = resourcesOf(stack, 'aws_launch_template').find((t) => t.name === 'acme-dev-gpu')!;
    expect(template.block_device_mappings[0].ebs).toMatchObject({ volume_size: 100, encrypted: 'true' });
  });

  it('tells the cluster autoscaler what an absent node would offer, so an idle pool at 0 nodes can scale up', () => {
    const tags = resourcesOf(stack, 'aws_autoscaling_group_tag');
    expect(Object.fromEntries(tags.map((t) => [t.tag.key, t.tag.value]))).toEqual({
      'k8s.io/cluster-autoscaler/node-template/label/plinth.dev/pool': 'gpu',
      'k8s.io/cluster-autoscaler/node-template/label/plinth.dev/accelerator': 'nvidia',
      'k8s.io/cluster-autoscaler/node-template/label/plinth.dev/gpu-memory-gib': '24',
      'k8s.io/cluster-autoscaler/node-template/label/nvidia.com/gpu.present': 'true',
      'k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator': 'nvidia',
      'k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu': 'present:NoSchedule',
      'k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu': '1',
    });
    const groupName = Object.keys(stack.resource!.aws_eks_node_group!).find((name) => name.includes('gpu'))!;
    for (const tag of tags) {
      expect(tag.autoscaling_group_name).toBe(`\${aws_eks_node_group.${groupName}.resources[0].autoscaling_groups[0].name}`);
      expect(tag.tag.propagate_at_launch).toBe(false);
    }
  });

  it('names one GPU model when all its instance types share it, and counts every GPU of a larger size', () => {
    const big = platform((cluster) => cluster.addNodePool('llm', { ...GPU_POOL, instanceTypes: ['p4d.24xlarge'], capacity: 'on-demand' }));
    expect(nodeGroup(big, 'llm')).toMatchObject({ capacity_type: 'ON_DEMAND', labels: expect.objectContaining({ 'k8s.amazonaws.com/accelerator': 'nvidia-a100', 'plinth.dev/gpu-memory-gib': '40' }) });
    expect(resourcesOf(big, 'aws_autoscaling_group_tag').find((t) => t.tag.key.endsWith('resources/nvidia.com/gpu'))!.tag.value).toBe('8');
  });

  it('leaves CPU pools that never reach zero as they were: standard image, no GPU taint, no template tags', () => {
    const system = nodeGroup(stack, 'system');
    expect(system.ami_type).toBe('AL2023_x86_64_STANDARD');
    expect(system.taint).toBeUndefined();
    expect(resourcesOf(stack, 'aws_autoscaling_group_tag').filter((t) => t.tag.value === 'system')).toEqual([]);
  });
});

describe('a GPU pool request that cannot work', () => {
  const refusal = (spec: Partial<NodePoolSpec>) => {
    try {
      platform((cluster) => cluster.addNodePool('gpu', { ...GPU_POOL, ...spec }));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('refuses an instance type without a GPU, naming it and the families it takes', () => {
    expect(refusal({ instanceTypes: ['g5.xlarge', 'm5.large'] })).toMatch(
      /EksNodePool test\/Cluster\/NodePool-gpu: instance type "m5\.large" has no NVIDIA GPU; a GPU pool takes the families g4dn, g5, g6, gr6, g6e, p4d, p4de, p5, p5e, p5en$/,
    );
  });

  it('refuses a size its family does not have, listing the sizes', () => {
    expect(refusal({ instanceTypes: ['p5.xlarge'] })).toMatch(/instance type "p5\.xlarge" is not a size of p5; its sizes are p5\.48xlarge/);
  });

  it('refuses instance types with different GPU counts, since the autoscaler plans with one template node', () => {
    expect(refusal({ instanceTypes: ['g5.xlarge', 'g5.12xlarge'] })).toMatch(/instance types must carry the same number of GPUs, got g5\.xlarge: 1, g5\.12xlarge: 4/);
  });

  it('reports every problem at once, sizes included', () => {
    const message = refusal({ instanceTypes: ['t3.large'], minSize: 3, desiredSize: 2 });
    expect(message).toMatch(/minSize <= desiredSize <= maxSize, got 3 <= 2 <= 4/);
    expect(message).toMatch(/"t3\.large" has no NVIDIA GPU/);
  });
});

describe('grantClusterAutoscaling', () => {
  const stack = platform((cluster) => {
    cluster.addNodePool('gpu', GPU_POOL);
    grantClusterAutoscaling(cluster, cluster.addWorkloadIdentity('kube-system', 'cluster-autoscaler'));
  });
  const grant = resourcesOf(stack, 'aws_iam_role_policy').find((policy) => policy.name === 'acme-dev-cluster-autoscaling')!;

  it('lands on the autoscaler identity’s own role', () => {
    const role = Object.entries(stack.resource!.aws_iam_role!).find(([, r]) => (r as any).name === 'acme-dev-kube-system-cluster-autoscaler')!;
    expect(grant.role).toBe(`\${aws_iam_role.${role[0]}.id}`);
  });

  it('resizes only autoscaling groups tagged as this cluster’s, and reads only this cluster’s node groups', () => {
    const [resize, read, describe] = policyOf(grant).Statement;
    expect(resize).toEqual({
      Sid: 'ResizeThisClustersNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: expect.stringMatching(/^arn:\$\{data\.aws_partition\.\S+\}:autoscaling:eu-west-1:\$\{data\.aws_caller_identity\.\S+\.account_id\}:autoScalingGroup:\*:autoScalingGroupName\/\*$/),
      Condition: { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/acme-dev': 'owned' } },
    });
    expect(read).toMatchObject({ Action: 'eks:DescribeNodegroup', Resource: expect.stringMatching(/:eks:eu-west-1:\S+:nodegroup\/acme-dev\/\*\/\*$/) });
    expect(describe!.Resource).toBe('*');
    expect((describe!.Action as string[]).every((action) => /^(autoscaling|ec2):(Describe|Get)/.test(action))).toBe(true);
  });

  it('refuses a grantee another kit made', () => {
    expect(() =>
      platform((cluster) => grantClusterAutoscaling(cluster, { cloud: 'gcp', description: 'workload identity kube-system/cluster-autoscaler' })),
    ).toThrow(/cannot grant access to workload identity kube-system\/cluster-autoscaler: it was made by the "gcp" kit/);
  });
});

const mirror = requireTerraformWithMirror();
(mirror ? describe : describe.skip)('a GPU pool that scales from zero, against the real AWS provider schema', () => {
  jest.setTimeout(120_000);

  it('passes terraform validate: the NVIDIA AMI type, the on-demand fallback group, the ASG tags on both groups’ ASGs and the autoscaler’s grant', async () => {
    const stack = platform((cluster) => {
      cluster.addNodePool('gpu', { ...GPU_POOL, spotFallbackToOnDemand: true });
      grantClusterAutoscaling(cluster, cluster.addWorkloadIdentity('kube-system', 'cluster-autoscaler'));
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'plinth-gpu-pool-'));
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
    const cliConfig = offlineCliConfig(mirror!);
    const init = await terraform(dir, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(dir, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});
