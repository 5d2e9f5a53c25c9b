import { Lazy } from 'cdktf';
import { validateOrExplain } from '../../../../constructs/k8s/kubernetes-object';
import { EmbeddingServer } from '../../../../constructs/k8s/llm/embedding-server';
import { VLLM_IMAGE } from '../../../../constructs/k8s/llm/vllm-pod';
import { VllmServer, type VllmServerProps } from '../../../../constructs/k8s/llm/vllm-server';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { ScaledObject } from '../../../../constructs/k8s/triton/keda';
import { identity, manifestOf, manifests, synthK8sStack, validateAgainstUpstreamSchema, type Manifest } from '../k8s-synth';

const PROMETHEUS = { namespace: 'plinth-monitoring', url: 'http://kube-prometheus-stack-prometheus.plinth-monitoring.svc:9090' };
const MODEL = 'llama-3.1-8b-instruct';
const MODEL_URI = `s3://acme-dev-artifacts/models/llm/${MODEL}/`;

function serverProps(overrides: Partial<VllmServerProps> = {}): Omit<VllmServerProps, 'namespace'> {
  return {
    identity: identity('llm', 'vllm'),
    modelName: MODEL,
    modelUri: MODEL_URI,
    env: { AWS_DEFAULT_REGION: 'eu-west-1' },
    gpuPool: { cloud: 'test', description: 'node pool llm', name: 'llm' },
    prometheus: PROMETHEUS,
    maxReplicas: 4,
    ...overrides,
  };
}

function synth(overrides: Partial<VllmServerProps> = {}) {
  return synthK8sStack((stack) => {
    const namespace = new PlatformNamespace(stack, 'Llm', { name: 'llm' });
    new VllmServer(stack, 'Vllm', { namespace, ...serverProps(overrides) });
  });
}

const podOf = (stack: ReturnType<typeof synth>, name = 'vllm') => manifestOf(stack, 'Deployment', name).spec.template.spec;

describe('VllmServer', () => {
  const stack = synth();
  const pod = podOf(stack);
  const container = pod.containers[0];
  const env = Object.fromEntries(container.env.map((e: Manifest) => [e.name, e.value]));

  it('emits core objects that match the upstream Kubernetes schema and a ScaledObject that matches KEDA 2.20.2’s CRD', () => {
    const emitted = manifests(stack).filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] === 'vllm');
    expect(emitted.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.name}`).sort()).toEqual([
      'apps/v1 Deployment vllm',
      'keda.sh/v1alpha1 ScaledObject vllm',
      'networking.k8s.io/v1 NetworkPolicy vllm-egress',
      'networking.k8s.io/v1 NetworkPolicy vllm-ingress',
      'policy/v1 PodDisruptionBudget vllm',
      'v1 Service vllm',
      'v1 ServiceAccount vllm',
    ]);
    for (const manifest of emitted) {
      if (manifest.kind === 'ScaledObject') validateOrExplain(new ScaledObject({ metadata: manifest.metadata, spec: manifest.spec }), 'ScaledObject vllm');
      else validateAgainstUpstreamSchema(manifest);
    }
  });

  it('runs the pinned vLLM release on the large-GPU pool: its node label, the NVIDIA taint tolerated, spread over zones and nodes, GPUs requested and limited', () => {
    expect(VLLM_IMAGE).toBe('vllm/vllm-openai:v0.31.0');
    expect(container.image).toBe(VLLM_IMAGE);
    expect(manifestOf(stack, 'Deployment', 'vllm').metadata.labels['app.kubernetes.io/version']).toBe('v0.31.0');
    expect(pod.nodeSelector).toEqual({ 'plinth.dev/pool': 'llm' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    expect(pod.topologySpreadConstraints.map((c: Manifest) => [c.topologyKey, c.labelSelector.matchLabels, c.matchLabelKeys])).toEqual([
      ['topology.kubernetes.io/zone', { 'app.kubernetes.io/name': 'vllm' }, ['pod-template-hash']],
      ['kubernetes.io/hostname', { 'app.kubernetes.io/name': 'vllm' }, ['pod-template-hash']],
    ]);
    expect(container.resources.limits).toEqual({ cpu: '3', memory: '24Gi', 'nvidia.com/gpu': '1' });
    expect(container.resources.requests).toEqual(container.resources.limits);
    const twoGpus = podOf(synth({ gpusPerPod: 2 })).containers[0];
    expect(twoGpus.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(twoGpus.args).toContain('--tensor-parallel-size=2');
  });

  it('streams the weights from the model’s bucket folder, never from a model hub, and caches prompt prefixes', () => {
    expect(container.command).toEqual(['vllm', 'serve']);
    expect(container.args[0]).toBe(MODEL_URI);
    expect(container.args).toEqual(expect.arrayContaining(['--load-format=runai_streamer', `--served-model-name=${MODEL}`, '--enable-prefix-caching', '--port=8000']));
    expect(env).toMatchObject({ HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', VLLM_NO_USAGE_STATS: '1', AWS_DEFAULT_REGION: 'eu-west-1' });
  });

  it('takes a bucket the foundation stack makes, known only after apply, inside the URI or as the whole URI', () => {
    const bucket = Lazy.stringValue({ produce: () => 'acme-dev-artifacts' });
    expect(podOf(synth({ modelUri: `s3://${bucket}/models/llm/${MODEL}/` })).containers[0].args[0]).toBe(MODEL_URI);
    expect(podOf(synth({ modelUri: Lazy.stringValue({ produce: () => MODEL_URI }) })).containers[0].args[0]).toBe(MODEL_URI);
  });

  it('runs as its own identity’s service account, restricted: uid 1000, read-only root, caches on a scratch volume', () => {
    expect(manifestOf(stack, 'ServiceAccount', 'vllm').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/vllm' });
    expect(pod.serviceAccountName).toBe('vllm');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(env).toMatchObject({ HOME: '/cache', VLLM_CACHE_ROOT: '/cache/vllm', HF_HOME: '/cache/huggingface' });
    expect(container.volumeMounts).toEqual(expect.arrayContaining([{ name: 'cache', mountPath: '/cache' }, { name: 'shm', mountPath: '/dev/shm' }]));
  });

  it('is ready and alive on vLLM’s /health, with twenty minutes to stream the weights first', () => {
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) expect(probe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(1200);
  });

  it('scales on the model’s waiting requests with KEDA, between the replicas given', () => {
    const scaled = manifestOf(stack, 'ScaledObject', 'vllm').spec;
    expect(scaled).toMatchObject({ scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'vllm' }, minReplicaCount: 1, maxReplicaCount: 4 });
    expect(scaled.triggers).toEqual([
      {
        name: 'requests-waiting',
        type: 'prometheus',
        metricType: 'AverageValue',
        metadata: {
          serverAddress: PROMETHEUS.url,
          query: `sum(vllm:num_requests_waiting{namespace="llm", service="vllm", model_name="${MODEL}"})`,
          threshold: '4',
          activationThreshold: '0',
        },
      },
    ]);
    expect(scaled.cooldownPeriod).toBeUndefined();
  });

  it('scales to zero in development only with a wake query, which brings one replica back when callers call', () => {
    expect(() => synth({ minReplicas: 0 })).toThrow(/minReplicas is 0 but wakeQuery is not set/);
    const scaled = manifestOf(synth({ minReplicas: 0, maxReplicas: 1, wakeQuery: 'sum(rate(http_requests_total{service="rag"}[2m]))' }), 'ScaledObject', 'vllm').spec;
    expect(scaled).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 1, cooldownPeriod: 1800 });
    expect(scaled.triggers[1]).toEqual({
      name: 'callers',
      type: 'prometheus',
      metricType: 'Value',
      metadata: { serverAddress: PROMETHEUS.url, query: 'sum(rate(http_requests_total{service="rag"}[2m]))', threshold: '1000000000', activationThreshold: '0' },
    });
  });

  it('lets one pod at a time be disrupted when it can run more than one, and has no budget with a single replica', () => {
    expect(manifestOf(stack, 'PodDisruptionBudget', 'vllm').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'vllm' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(manifests(synth({ maxReplicas: 1 })).filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  it('lets in only its namespace’s pods, the client namespaces given and Prometheus, on 8000; lets out only HTTPS (S3, STS)', () => {
    const ingress = manifestOf(synth({ clientNamespaces: ['rag'] }), 'NetworkPolicy', 'vllm-ingress').spec;
    expect(ingress.ingress).toEqual([
      {
        from: ['llm', 'rag', 'plinth-monitoring'].map((ns) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } })),
        ports: [{ protocol: 'TCP', port: 8000 }],
      },
    ]);
    expect(manifestOf(stack, 'NetworkPolicy', 'vllm-egress').spec.egress).toEqual([{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] }]);
  });

  it('hands over a ServiceMonitor for /metrics in Prometheus’s namespace', () => {
    let server!: VllmServer;
    synthK8sStack((s) => {
      server = new VllmServer(s, 'Vllm', { namespace: new PlatformNamespace(s, 'Llm', { name: 'llm' }), ...serverProps() });
    });
    expect(server.url).toBe('http://vllm.llm.svc:8000/v1');
    expect(server.serviceMonitor.metadata?.namespace).toBe('plinth-monitoring');
    expect(server.serviceMonitor.spec).toMatchObject({ namespaceSelector: { matchNames: ['llm'] }, endpoints: [{ port: 'http', path: '/metrics' }] });
  });

  it('refuses bad props with every problem at once, naming the construct and the prop', () => {
    const bad = () =>
      synth({ modelUri: 'meta-llama/Llama-3.1-8B-Instruct', image: 'vllm/vllm-openai:v0.31.0', gpusPerPod: 0, minReplicas: 3, maxReplicas: 2, gpuMemoryUtilization: 1.5, env: { HF_HUB_OFFLINE: '0' } });
    expect(bad).toThrow(/^VllmServer test\/Vllm:\n/);
    for (const problem of [/modelUri "meta-llama\/Llama-3.1-8B-Instruct" must be the model's folder in a bucket/, /gpusPerPod must be an integer of at least 1, got 0/, /maxReplicas \(2\) must be .* no smaller than minReplicas \(3\)/, /gpuMemoryUtilization must be above 0 and at most 1, got 1.5/, /env must not set HF_HUB_OFFLINE/]) {
      expect(bad).toThrow(problem);
    }
    expect(() => synth({ image: 'vllm/vllm-openai:latest' })).toThrow(/at "latest", which moves/);
  });
});

describe('EmbeddingServer', () => {
  const stack = synthK8sStack((s) => {
    const namespace = new PlatformNamespace(s, 'Llm', { name: 'llm' });
    new EmbeddingServer(s, 'Embeddings', { namespace, ...serverProps({ identity: identity('llm', 'embeddings'), modelName: 'bge-m3', modelUri: 's3://acme-dev-artifacts/models/embeddings/bge-m3/', maxReplicas: 2 }) });
  });
  const container = podOf(stack, 'embeddings').containers[0];

  it('serves /v1/embeddings as a vLLM pooling model with the same pinned image, bucket weights, offline mode and GPU placement', () => {
    expect(container.image).toBe(VLLM_IMAGE);
    expect(container.args).toEqual(expect.arrayContaining(['s3://acme-dev-artifacts/models/embeddings/bge-m3/', '--load-format=runai_streamer', '--served-model-name=bge-m3', '--runner=pooling', '--convert=embed']));
    expect(container.args).not.toContain('--enable-prefix-caching');
    expect(container.env).toEqual(expect.arrayContaining([{ name: 'HF_HUB_OFFLINE', value: '1' }]));
    expect(container.resources.limits).toEqual({ cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' });
    expect(podOf(stack, 'embeddings').serviceAccountName).toBe('embeddings');
    expect(manifestOf(stack, 'ScaledObject', 'embeddings').spec.triggers[0].metadata.query).toBe('sum(vllm:num_requests_waiting{namespace="llm", service="embeddings", model_name="bge-m3"})');
  });
});
