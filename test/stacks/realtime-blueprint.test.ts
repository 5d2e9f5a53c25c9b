import { configWith, synth } from './support/synth-config';
import { objects, releases, resources, roleStatements } from './support/stack-queries';

const EXAMPLE = 'examples/realtime.yaml';

describe('the realtime blueprint on AWS (examples/realtime.yaml)', () => {
  const stacks = synth(configWith(() => undefined, EXAMPLE));
  const dev = { foundation: stacks['acme-rt-dev-foundation']!, addons: stacks['acme-rt-dev-addons']!, workloads: stacks['acme-rt-dev-workloads']! };

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

  it('feature store off: no online cache and no feature server identity', () => {
    const stacks = devOf({ featureStore: false });
    expect(stacks['acme-rt-dev-foundation']!.resource!.aws_elasticache_replication_group).toBeUndefined();
    expect(JSON.stringify(stacks['acme-rt-dev-foundation'])).not.toContain('feature-server');
  });
});
