import { configWith, synth } from './support/synth-config';
import { parse } from 'yaml';
import { eksAsgNames, expanderPriority } from '../support/priority-expander';
import { objects, releases, resources, roleStatements } from './support/stack-queries';
import { describeConsoleWorkload } from './support/console-workload';

const EXAMPLE = 'examples/realtime.yaml';

describe('the realtime blueprint on AWS (examples/realtime.yaml)', () => {
  const stacks = synth(configWith(() => undefined, EXAMPLE));
  const dev = { foundation: stacks['acme-rt-dev-foundation']!, addons: stacks['acme-rt-dev-addons']!, workloads: stacks['acme-rt-dev-workloads']! };

  describeConsoleWorkload(() => dev);

  it('has three stacks per environment, applied foundation → add-ons → workloads', () => {
    expect(Object.keys(stacks).sort()).toEqual(['dev', 'local', 'prod'].flatMap((env) => ['addons', 'foundation', 'workloads'].map((layer) => `acme-rt-${env}-${layer}`)).sort());
    const remoteStates = Object.values((dev.workloads.data?.terraform_remote_state ?? {}) as Record<string, any>).map((state) => state.config.path ?? state.config.key);
    expect(remoteStates.join(' ')).toContain('acme-rt-dev-foundation');
    expect(Object.keys(releases(dev.addons)).sort()).toEqual(['argo-rollouts', 'cluster-autoscaler', 'keda']);
  });

  it('makes a GPU pool that scales from zero on spot, with the NVIDIA image and taint, described to the autoscaler', () => {
    const pools = Object.values(resources(dev.foundation, 'aws_eks_node_group'));
    const gpu = pools.find((pool) => pool.node_group_name === 'gpu-inference');
    expect(gpu).toMatchObject({ ami_type: 'AL2023_x86_64_NVIDIA', capacity_type: 'SPOT', scaling_config: { min_size: 0, desired_size: 0 } });
    expect(gpu.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    const templateTags = Object.values(resources(dev.foundation, 'aws_autoscaling_group_tag')).map((tag) => tag.tag.key);
    expect(templateTags).toEqual(expect.arrayContaining(['k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu', 'k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu']));
  });

  it('backs the spot GPU pool with an on-demand twin that idles at zero: same nodes, same cluster, described to the autoscaler', () => {
    const groups = Object.values(resources(dev.foundation, 'aws_eks_node_group'));
    const spot = groups.find((group) => group.node_group_name === 'gpu-inference');
    const onDemand = groups.find((group) => group.node_group_name === 'gpu-inference-on-demand');
    expect(groups.map((group) => group.node_group_name).sort()).toEqual(['gpu-inference', 'gpu-inference-on-demand', 'system']);
    expect(spot).toMatchObject({ capacity_type: 'SPOT', scaling_config: { min_size: 0, desired_size: 0, max_size: 2 } });
    expect(onDemand).toMatchObject({ capacity_type: 'ON_DEMAND', scaling_config: { min_size: 0, desired_size: 0, max_size: 2 } });
    // The same nodes: pods selecting `plinth.dev/pool: gpu-inference` and tolerating the taint land on either.
    for (const attribute of ['instance_types', 'ami_type', 'labels', 'taint', 'launch_template', 'node_role_arn', 'subnet_ids', 'cluster_name']) {
      expect({ [attribute]: onDemand[attribute] }).toEqual({ [attribute]: spot[attribute] });
    }
    expect(onDemand.labels['plinth.dev/pool']).toBe('gpu-inference');
    expect(onDemand.taint).toEqual([{ key: 'nvidia.com/gpu', value: 'present', effect: 'NO_SCHEDULE' }]);
    // Both autoscaling groups carry the node-template tags, or the twin could never scale up from zero.
    const templateTags = Object.entries(resources(dev.foundation, 'aws_eks_node_group'))
      .filter(([, group]) => group.node_group_name.startsWith('gpu-inference'))
      .map(([name]) => {
        const tags = Object.values(resources(dev.foundation, 'aws_autoscaling_group_tag')).filter((tag) => tag.autoscaling_group_name.includes(`aws_eks_node_group.${name}.`));
        return Object.fromEntries(tags.map((tag) => [tag.tag.key, tag.tag.value]));
      });
    expect(templateTags).toHaveLength(2);
    expect(templateTags[0]).toEqual(templateTags[1]);
    expect(templateTags[0]).toMatchObject({ 'k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu': '1', 'k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu': 'present:NoSchedule' });
  });

  it('has the cluster autoscaler grow the spot group first, and the on-demand twin only when spot cannot provision', () => {
    const values = parse(releases(dev.addons)['cluster-autoscaler'].values.join('\n'));
    expect(values.extraArgs).toMatchObject({ expander: 'priority,least-waste', 'max-node-provision-time': '5m' });
    const priorities = values.expanderPriorities as Record<string, string[]>;
    const [spotName, otherSpotName] = eksAsgNames('gpu-inference');
    const spot = expanderPriority(priorities, spotName!);
    expect(expanderPriority(priorities, otherSpotName!)).toBe(spot);
    for (const onDemand of eksAsgNames('gpu-inference-on-demand')) expect(expanderPriority(priorities, onDemand)).toBeLessThan(spot!);
    // Every other group stays usable (the expander drops a group no pattern matches), below spot.
    for (const other of [...eksAsgNames('system'), ...eksAsgNames('gpu-llm')]) expect(expanderPriority(priorities, other)).toBeLessThan(spot!);
    // The spot pattern names the spot group only: not another pool's whose name it begins, nor an
    // autoscaling group that merely contains it.
    const spotPatterns = Object.entries(priorities).filter(([priority]) => Number(priority) === spot).flatMap(([, patterns]) => patterns);
    const unrelated = ['eks-gpu-inference-on-demand-04c6b8e1-59a2-d3f7-1b0e-8a9c7d6e5f41', 'eks-gpu-inference-04c6b8e1-59a2-d3f7-1b0e-8a9c7d6e5f41-copy', 'my-eks-gpu-inference-04c6b8e1-59a2-d3f7-1b0e-8a9c7d6e5f41', 'eks-gpu-inference2-04c6b8e1-59a2-d3f7-1b0e-8a9c7d6e5f41'];
    for (const name of unrelated) expect(spotPatterns.filter((pattern) => new RegExp(pattern).test(name))).toEqual([]);
  });

  it('lets the cluster autoscaler resize only this cluster’s tagged node groups', () => {
    const policy = roleStatements(dev.foundation, 'kube-system-cluster-autoscaler');
    const resize = policy.find((statement: any) => statement.Sid === 'ResizeThisClustersNodeGroups');
    expect(resize.Condition.StringEquals).toEqual({ 'aws:ResourceTag/k8s.io/cluster-autoscaler/acme-rt-dev': 'owned' });
  });

  it('gives Triton read-only access to its model prefix and nothing else', () => {
    const statements = roleStatements(dev.foundation, 'plinth-serving-triton');
    const actions = statements.flatMap((statement: any) => [statement.Action].flat());
    expect(actions.filter((action: string) => /^s3:(Put|Delete)/.test(action))).toEqual([]);
    expect(JSON.stringify(statements)).toContain('triton/*');
    expect(JSON.stringify(statements)).not.toContain('tracking/');
  });

  it('builds the online store encrypted, TLS-only and IAM-authenticated, and lets the feature server connect as its own user', () => {
    const [cache] = Object.values(resources(dev.foundation, 'aws_elasticache_replication_group'));
    expect(cache).toMatchObject({ at_rest_encryption_enabled: 'true', transit_encryption_enabled: true });
    expect(cache.kms_key_id).toBeDefined();
    const users = Object.values(resources(dev.foundation, 'aws_elasticache_user'));
    expect(users.map((user) => user.authentication_mode?.type ?? user.authentication_mode?.[0]?.type)).not.toContain('password');
    const statements = roleStatements(dev.foundation, 'plinth-serving-feature-server');
    expect(JSON.stringify(statements)).toContain('elasticache:Connect');
    expect(Object.keys(dev.foundation.output ?? {})).toEqual(expect.arrayContaining(['feature_store_host', 'feature_store_port', 'feature_store_user', 'triton_model_repository']));
  });

  it('runs Triton as a canary Rollout on the GPU pool in the serving namespace, autoscaled by KEDA, and monitors GPUs and Triton', () => {
    const manifests = objects(dev.workloads);
    const rollout = manifests['Rollout/plinth-serving/triton'];
    expect(rollout.spec.template.spec.nodeSelector).toEqual({ 'plinth.dev/pool': 'gpu-inference' });
    expect(manifests['ScaledObject/plinth-serving/triton']).toBeDefined();
    expect(manifests['AnalysisTemplate/plinth-serving/triton-canary'].spec.metrics[0].provider.prometheus.address).toBe('http://kube-prometheus-stack-prometheus.plinth-monitoring.svc:9090');
    const apiIngress = manifests['NetworkPolicy/plinth-monitoring/prometheus-api-ingress'];
    expect(apiIngress.spec.ingress[0].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }]);
    const installed = releases(dev.workloads);
    expect(Object.keys(installed)).toEqual(expect.arrayContaining(['nvidia-device-plugin', 'dcgm-exporter', 'kube-prometheus-stack']));
    const stackValues = installed['kube-prometheus-stack'].values.join('\n');
    for (const word of ['plinth-gpu', 'PlinthGpuIdle', 'triton', 'dcgm-exporter']) expect(stackValues).toContain(word);
    expect(manifests['ConfigMap/plinth-monitoring/plinth-gpu-dashboard']).toBeDefined();
  });

  it('keeps production warm and highly available: on-demand GPU node, failover cache, two controllers each', () => {
    const prod = { foundation: stacks['acme-rt-prod-foundation']!, addons: stacks['acme-rt-prod-addons']! };
    const gpu = Object.values(resources(prod.foundation, 'aws_eks_node_group')).find((pool) => pool.node_group_name === 'gpu-inference');
    expect(gpu).toMatchObject({ capacity_type: 'ON_DEMAND', scaling_config: { min_size: 1 } });
    expect(Object.values(resources(prod.foundation, 'aws_eks_node_group')).map((group) => group.node_group_name).sort()).toEqual(['gpu-inference', 'system']);
    expectAutoscalerWithoutPriorities(prod.addons);
    const [cache] = Object.values(resources(prod.foundation, 'aws_elasticache_replication_group'));
    expect(cache).toMatchObject({ automatic_failover_enabled: true, multi_az_enabled: true });
    expect(releases(prod.addons)['argo-rollouts'].values.join('\n')).toContain('replicas: 2');
  });
});

describe('capabilities of the realtime blueprint', () => {
  const devOf = (capabilities: Record<string, boolean>) => synth(configWith((c) => (c.capabilities = capabilities), EXAMPLE));

  it('triton off: no Rollout, no Argo Rollouts or KEDA, but the GPU pool and its autoscaler stay', () => {
    const stacks = devOf({ triton: false });
    expect(Object.keys(releases(stacks['acme-rt-dev-addons']!))).toEqual(['cluster-autoscaler']);
    expect(JSON.stringify(stacks['acme-rt-dev-workloads'])).not.toContain('triton');
    expect(JSON.stringify(stacks['acme-rt-dev-foundation'])).not.toContain('triton');
  });

  it('GPU inference and Triton off: no GPU pool and no add-ons stack at all', () => {
    const stacks = devOf({ triton: false, gpuInference: false });
    expect(stacks['acme-rt-dev-addons']).toBeUndefined();
    expect(JSON.stringify(stacks['acme-rt-dev-foundation'])).not.toContain('NVIDIA');
    expect(JSON.stringify(stacks['acme-rt-dev-workloads'])).not.toContain('nvidia');
  });

  it('spot without fallback: one spot GPU group, and the autoscaler as without spot', () => {
    const stacks = synth(configWith((c) => (c.environments.dev.gpuInference = { spotFallbackToOnDemand: false }), EXAMPLE));
    const groups = Object.values(resources(stacks['acme-rt-dev-foundation']!, 'aws_eks_node_group'));
    expect(groups.map((group) => [group.node_group_name, group.capacity_type]).sort()).toEqual([
      ['gpu-inference', 'SPOT'],
      ['system', 'ON_DEMAND'],
    ]);
    expectAutoscalerWithoutPriorities(stacks['acme-rt-dev-addons']!);
  });

  it('feature store off: no online cache and no feature server identity', () => {
    const stacks = devOf({ featureStore: false });
    expect(stacks['acme-rt-dev-foundation']!.resource!.aws_elasticache_replication_group).toBeUndefined();
    expect(JSON.stringify(stacks['acme-rt-dev-foundation'])).not.toContain('feature-server');
  });
});

/** The autoscaler as it was before spot fallback: least waste, the default provision time, no priority ConfigMap. */
function expectAutoscalerWithoutPriorities(addons: Parameters<typeof releases>[0]): void {
  const values = parse(releases(addons)['cluster-autoscaler'].values.join('\n'));
  expect(values.extraArgs).toEqual({ expander: 'least-waste', 'skip-nodes-with-local-storage': false });
  expect(values.expanderPriorities).toBeUndefined();
}
