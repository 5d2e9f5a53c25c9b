import { EksCluster } from '../../../constructs/aws/eks-cluster';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { VpcNetwork } from '../../../constructs/aws/vpc-network';
import type { NodePoolSpec } from '../../../constructs/kit';
import { eksAsgNames, expanderPriority } from '../../support/priority-expander';
import { resourcesOf, synthAwsStack } from '../../support/construct-synth';

const SPOT_WITH_FALLBACK: NodePoolSpec = {
  instanceTypes: ['g6.xlarge', 'g5.xlarge'],
  minSize: 0,
  desiredSize: 0,
  maxSize: 3,
  capacity: 'spot',
  spotFallbackToOnDemand: true,
  accelerator: { kind: 'nvidia' },
};

/** A cluster with a system pool and the pools `extra` adds; returns the stack and the cluster's priorities. */
function platform(extra: (cluster: EksCluster) => void) {
  let cluster!: EksCluster;
  const stack = synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key });
    cluster = new EksCluster(s, 'Cluster', { name: 'acme-dev', region: 'eu-west-1', network, key });
    cluster.addNodePool('system', { instanceTypes: ['t3.large'], minSize: 1, desiredSize: 2, maxSize: 3 });
    extra(cluster);
  });
  return { stack, priorities: cluster.nodeGroupPriorities() };
}

const groups = (stack: ReturnType<typeof platform>['stack']) => Object.fromEntries(resourcesOf(stack, 'aws_eks_node_group').map((group) => [group.node_group_name, group]));

describe('a spot pool with an on-demand fallback', () => {
  const { stack, priorities } = platform((cluster) => {
    cluster.addNodePool('gpu', SPOT_WITH_FALLBACK);
    cluster.addNodePool('batch', { ...SPOT_WITH_FALLBACK, accelerator: undefined, instanceTypes: ['m6i.large'], minSize: 1, desiredSize: 1, maxSize: 5 });
  });
  const byName = groups(stack);

  it('adds an on-demand twin per spot pool, from 0 to the spot pool’s maximum, whatever the spot pool’s minimum', () => {
    expect(Object.keys(byName).sort()).toEqual(['batch', 'batch-on-demand', 'gpu', 'gpu-on-demand', 'system']);
    expect(byName['gpu-on-demand']).toMatchObject({ capacity_type: 'ON_DEMAND', instance_types: ['g6.xlarge', 'g5.xlarge'], ami_type: 'AL2023_x86_64_NVIDIA', scaling_config: { min_size: 0, desired_size: 0, max_size: 3 } });
    expect(byName['batch']).toMatchObject({ capacity_type: 'SPOT', scaling_config: { min_size: 1, desired_size: 1, max_size: 5 } });
    expect(byName['batch-on-demand']).toMatchObject({ capacity_type: 'ON_DEMAND', scaling_config: { min_size: 0, desired_size: 0, max_size: 5 } });
    // The autoscaler owns the twin's size once it runs, as the spot group's.
    expect(byName['gpu-on-demand']!.lifecycle).toEqual(byName['gpu']!.lifecycle);
  });

  it('gives the twin the spot group’s labels and taint, so the same pods fit it, and describes it to the autoscaler at zero', () => {
    expect(byName['gpu-on-demand']!.labels).toEqual(byName['gpu']!.labels);
    expect(byName['gpu-on-demand']!.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    const [twinAddress] = Object.entries(stack.resource!.aws_eks_node_group!).find(([, group]) => (group as any).node_group_name === 'batch-on-demand')!;
    const twinTags = resourcesOf(stack, 'aws_autoscaling_group_tag').filter((tag) => tag.autoscaling_group_name.includes(`aws_eks_node_group.${twinAddress}.`));
    // The batch spot group starts at one node and has no template tags; its twin starts at zero and needs them.
    expect(Object.fromEntries(twinTags.map((tag) => [tag.tag.key, tag.tag.value]))).toEqual({ 'k8s.io/cluster-autoscaler/node-template/label/plinth.dev/pool': 'batch' });
  });

  it('asks the autoscaler to grow each spot group before anything else, and every other group after', () => {
    for (const pool of ['gpu', 'batch']) {
      const [spot] = eksAsgNames(pool);
      for (const other of [...eksAsgNames(`${pool}-on-demand`), ...eksAsgNames('system')]) expect(expanderPriority(priorities!, other)).toBeLessThan(expanderPriority(priorities!, spot!)!);
    }
  });
});

describe('priorities without a fallback', () => {
  it('are undefined: a spot pool alone needs no priority expander', () => {
    const { stack, priorities } = platform((cluster) => cluster.addNodePool('gpu', { ...SPOT_WITH_FALLBACK, spotFallbackToOnDemand: false }));
    expect(priorities).toBeUndefined();
    expect(Object.keys(groups(stack)).sort()).toEqual(['gpu', 'system']);
  });
});

describe('a fallback that cannot work', () => {
  const refusal = (extra: (cluster: EksCluster) => void) => {
    try {
      platform(extra);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  };

  it('refuses a fallback on an on-demand pool, naming both props and the pool', () => {
    expect(refusal((cluster) => cluster.addNodePool('gpu', { ...SPOT_WITH_FALLBACK, capacity: 'on-demand' }))).toMatch(
      /EksNodePool test\/Cluster\/NodePool-gpu: spotFallbackToOnDemand applies to spot pools only, but capacity is "on-demand"/,
    );
    expect(refusal((cluster) => cluster.addNodePool('gpu', { ...SPOT_WITH_FALLBACK, capacity: undefined }))).toMatch(/but capacity is "on-demand"/);
  });

  it('refuses a pool whose node group name another pool’s fallback takes, in either order', () => {
    const clash = /EksCluster test\/Cluster: node pool "(gpu|gpu-on-demand)" needs node group name "gpu-on-demand", which another pool's spot fallback or name already uses; rename one pool/;
    expect(
      refusal((cluster) => {
        cluster.addNodePool('gpu', SPOT_WITH_FALLBACK);
        cluster.addNodePool('gpu-on-demand', { ...SPOT_WITH_FALLBACK, spotFallbackToOnDemand: false });
      }),
    ).toMatch(clash);
    expect(
      refusal((cluster) => {
        cluster.addNodePool('gpu-on-demand', { ...SPOT_WITH_FALLBACK, capacity: 'on-demand', spotFallbackToOnDemand: false });
        cluster.addNodePool('gpu', SPOT_WITH_FALLBACK);
      }),
    ).toMatch(clash);
  });
});
