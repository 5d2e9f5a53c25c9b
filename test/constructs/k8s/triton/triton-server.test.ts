import { TerraformStack } from 'cdktf';
import { AnalysisTemplate, Rollout } from '../../../../constructs/k8s/triton/argo-rollouts';
import { ScaledObject } from '../../../../constructs/k8s/triton/keda';
import { PlatformNamespace } from '../../../../constructs/k8s/platform-namespace';
import { validateOrExplain } from '../../../../constructs/k8s/kubernetes-object';
import { GPU_TAINT, TRITON_IMAGE, TritonServer, type TritonServerProps } from '../../../../constructs/k8s/triton/triton-server';
import { ACCELERATOR_NODES } from '../../../../constructs/kit';
import { identity, manifestAddress, manifestOf, manifestResourceOf, manifests, synthK8sStack, validateAgainstUpstreamSchema, type Manifest } from '../k8s-synth';

const PROMETHEUS = {
  namespace: 'monitoring',
  url: 'http://kube-prometheus-stack-prometheus.monitoring.svc:9090',
};

function build(stack: TerraformStack, overrides: Partial<TritonServerProps> = {}): TritonServer {
  const namespace = new PlatformNamespace(stack, 'Serving', {
    name: 'serving',
  });
  return new TritonServer(stack, 'Triton', {
    namespace,
    identity: identity('serving', 'triton'),
    modelRepository: 's3://acme-artifacts/triton/',
    env: { AWS_DEFAULT_REGION: 'eu-west-1' },
    gpuPool: { cloud: 'test', description: 'node pool gpu', name: 'gpu' },
    prometheus: PROMETHEUS,
    ...overrides,
  });
}

function synth(overrides: Partial<TritonServerProps> = {}): {
  stack: ReturnType<typeof synthK8sStack>;
  triton: TritonServer;
} {
  let triton!: TritonServer;
  const stack = synthK8sStack((s) => {
    triton = build(s, overrides);
  });
  return { stack, triton };
}

const CUSTOM_KINDS = ['Rollout', 'AnalysisTemplate', 'ScaledObject'];

/** Re-creates a synthesized custom resource with its typed model and validates it against the vendored CRD schema. */
function validateCustomResource(manifest: Manifest): void {
  const Model = { Rollout, AnalysisTemplate, ScaledObject }[manifest.kind as 'Rollout' | 'AnalysisTemplate' | 'ScaledObject'];
  validateOrExplain(new Model({ metadata: manifest.metadata, spec: manifest.spec }), `${manifest.kind} ${manifest.metadata.name}`);
}

describe('TritonServer', () => {
  const { stack, triton } = synth();
  const rollout = manifestOf(stack, 'Rollout', 'triton');
  const pod = rollout.spec.template.spec;
  const container = pod.containers[0];

  it('emits core objects that match the upstream Kubernetes schema and custom resources that match their CRDs (Argo Rollouts 1.9.0, KEDA 2.20.2)', () => {
    const emitted = manifests(stack).filter((m) => m.metadata.labels?.['app.kubernetes.io/name'] === 'triton');
    expect(emitted.map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.name}`).sort()).toEqual([
      'argoproj.io/v1alpha1 AnalysisTemplate triton-canary',
      'argoproj.io/v1alpha1 Rollout triton',
      'keda.sh/v1alpha1 ScaledObject triton',
      'networking.k8s.io/v1 NetworkPolicy triton-egress',
      'networking.k8s.io/v1 NetworkPolicy triton-ingress',
      'policy/v1 PodDisruptionBudget triton',
      'v1 Service triton',
      'v1 Service triton-canary',
      'v1 Service triton-metrics',
      'v1 ServiceAccount triton',
    ]);
    for (const manifest of emitted) {
      if (CUSTOM_KINDS.includes(manifest.kind)) validateCustomResource(manifest);
      else validateAgainstUpstreamSchema(manifest);
    }
  });

  it('refuses a custom resource that does not match its CRD, naming the path', () => {
    const broken = new Rollout({
      metadata: { name: 'triton' },
      spec: {
        ...triton.rollout.spec,
        strategy: {
          canary: {
            ...triton.rollout.spec.strategy.canary,
            steps: [{ setWeight: 'five' as unknown as number }],
          },
        },
      },
    });
    expect(() => validateOrExplain(broken, 'Rollout triton')).toThrow(
      /Rollout triton does not match the Kubernetes schema:\n {2}spec\.strategy\.canary\.steps\[0\]\.setWeight must be integer/
    );
  });

  it('runs the pinned NGC image on the GPU pool: its node label, the GPU taint tolerated, GPUs requested', () => {
    expect(TRITON_IMAGE).toBe('nvcr.io/nvidia/tritonserver:25.12-py3');
    expect(container.image).toBe(TRITON_IMAGE);
    expect(rollout.metadata.labels['app.kubernetes.io/version']).toBe('25.12-py3');
    expect(pod.nodeSelector).toEqual({ 'plinth.dev/pool': 'gpu' });
    expect(pod.tolerations).toEqual([
      {
        key: 'nvidia.com/gpu',
        operator: 'Equal',
        value: 'present',
        effect: 'NoSchedule',
      },
    ]);
    expect(container.resources.limits).toEqual({
      cpu: '4',
      memory: '16Gi',
      'nvidia.com/gpu': '1',
    });
    expect(container.resources.requests).toEqual(container.resources.limits);
    expect(manifestOf(synth({ gpusPerPod: 2 }).stack, 'Rollout', 'triton').spec.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('2');
  });

  it('serves the models of its bucket prefix, copied to a sized scratch volume, with p99 summaries on', () => {
    expect(container.args).toEqual(
      expect.arrayContaining([
        'tritonserver',
        '--model-repository=s3://acme-artifacts/triton/',
        '--strict-readiness=true',
        '--metrics-port=8002',
        '--metrics-config=summary_latencies=true',
      ])
    );
    expect(container.env).toEqual([
      { name: 'AWS_DEFAULT_REGION', value: 'eu-west-1' },
      { name: 'TRITON_AWS_MOUNT_DIRECTORY', value: '/models' },
      { name: 'TRITON_GCS_MOUNT_DIRECTORY', value: '/models' },
    ]);
    expect(pod.volumes).toEqual(
      expect.arrayContaining([
        { name: 'model-cache', emptyDir: { sizeLimit: '20Gi' } },
        { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
      ])
    );
  });

  it('runs as the identity’s service account, without an API token', () => {
    const account = manifestOf(stack, 'ServiceAccount', 'triton');
    expect(account.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/triton',
    });
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('triton');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('passes the restricted Pod Security Standard: non-root uid 1000 (the image’s triton-server user), read-only root, no capabilities', () => {
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('is ready on Triton’s /v2/health/ready and alive on /v2/health/live, with ten minutes to load its models', () => {
    expect(container.readinessProbe.httpGet).toEqual({
      path: '/v2/health/ready',
      port: 'http',
    });
    expect(container.livenessProbe.httpGet).toEqual({
      path: '/v2/health/live',
      port: 'http',
    });
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBe(600);
  });

  it('spreads each version over zones and nodes and lets one pod at a time be disrupted', () => {
    expect(pod.topologySpreadConstraints.map((c: Manifest) => [c.topologyKey, c.matchLabelKeys])).toEqual([
      ['topology.kubernetes.io/zone', ['rollouts-pod-template-hash']],
      ['kubernetes.io/hostname', ['rollouts-pod-template-hash']],
    ]);
    expect(manifestOf(stack, 'PodDisruptionBudget', 'triton').spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'triton' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('rolls out as a canary 5% → 25% → 50% → 100% with a pause after each weight and the analysis from the first pause on', () => {
    const canary = rollout.spec.strategy.canary;
    expect(canary.steps).toEqual([
      { setWeight: 5 },
      { pause: { duration: '5m' } },
      { setWeight: 25 },
      { pause: { duration: '5m' } },
      { setWeight: 50 },
      { pause: { duration: '5m' } },
    ]);
    expect([canary.stableService, canary.canaryService]).toEqual(['triton', 'triton-canary']);
    expect(canary.analysis).toEqual({
      templates: [{ templateName: 'triton-canary' }],
      startingStep: 1,
      args: [
        { name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
        { name: 'stable-hash', valueFrom: { podTemplateHashValue: 'Stable' } },
      ],
    });
    expect(rollout.spec.replicas).toBeUndefined();
    // Argo Rollouts' controller refuses these without trafficRouting (pkg/apis/rollouts/validation, v1.9.0).
    expect(canary.trafficRouting).toBeUndefined();
    expect([canary.dynamicStableScale, canary.scaleDownDelaySeconds]).toEqual([undefined, undefined]);
    expect(manifestResourceOf(stack, 'Rollout', 'triton').depends_on).toContain(manifestAddress(stack, 'AnalysisTemplate', 'triton-canary'));
  });

  it('fails the canary when its success rate is a point below stable’s or its p99 is 1.2 × stable’s; both bounds can be set', () => {
    const conditions = (template: Manifest) => template.spec.metrics.map((m: Manifest) => [m.name, m.successCondition, m.failureLimit, m.provider.prometheus.address]);
    expect(conditions(manifestOf(stack, 'AnalysisTemplate', 'triton-canary'))).toEqual([
      ['success-rate', 'result[0] >= -0.01', 2, PROMETHEUS.url],
      ['p99-latency', 'result[0] <= 1.2', 2, PROMETHEUS.url],
    ]);
    const strict = manifestOf(
      synth({
        canaryThresholds: {
          maxSuccessRateDrop: 0.001,
          maxP99LatencyRatio: 1.05,
        },
      }).stack,
      'AnalysisTemplate',
      'triton-canary'
    );
    expect(conditions(strict).map(([, condition]: string[]) => condition)).toEqual(['result[0] >= -0.001', 'result[0] <= 1.05']);
  });

  it('scales the Rollout with KEDA on the average queue time, never to zero, slowly down', () => {
    const scaled = manifestOf(stack, 'ScaledObject', 'triton');
    expect(scaled.spec).toMatchObject({
      scaleTargetRef: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        name: 'triton',
      },
      minReplicaCount: 1,
      maxReplicaCount: 4,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
        },
      },
    });
    expect(scaled.spec.triggers).toEqual([
      {
        type: 'prometheus',
        metricType: 'Value',
        metadata: {
          serverAddress: PROMETHEUS.url,
          threshold: '10',
          query: expect.stringContaining('sum(rate(nv_inference_queue_duration_us{namespace="serving", service="triton-metrics"}[1m])) / 1000'),
        },
      },
    ]);
  });

  it('builds a ServiceMonitor of the metrics Service that keeps the pod template hash, for the monitoring chart, and does not emit it', () => {
    const monitor = JSON.parse(JSON.stringify(triton.serviceMonitor));
    validateAgainstUpstreamSchema(monitor);
    expect(monitor.metadata.namespace).toBe('monitoring');
    expect(monitor.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'triton',
          'plinth.dev/scrape': 'metrics',
        },
      },
      namespaceSelector: { matchNames: ['serving'] },
      podTargetLabels: ['rollouts-pod-template-hash'],
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
    });
    expect(manifestOf(stack, 'Service', 'triton-metrics').metadata.labels['plinth.dev/scrape']).toBe('metrics');
    expect(manifestOf(stack, 'Service', 'triton').metadata.labels['plinth.dev/scrape']).toBeUndefined();
    expect(manifests(stack).some((m) => m.kind === 'ServiceMonitor')).toBe(false);
  });

  it('lets in callers of its namespace on HTTP and gRPC, Prometheus on metrics only, and out only to cloud APIs', () => {
    expect(manifestOf(stack, 'NetworkPolicy', 'triton-ingress').spec.ingress).toEqual([
      {
        from: [{ podSelector: {} }],
        ports: [
          { protocol: 'TCP', port: 8000 },
          { protocol: 'TCP', port: 8001 },
        ],
      },
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 8002 }],
      },
    ]);
    expect(manifestOf(stack, 'NetworkPolicy', 'triton-egress').spec.egress).toHaveLength(1);
    expect([triton.url, triton.canaryUrl, triton.grpcAddress]).toEqual(['http://triton.serving.svc:8000', 'http://triton-canary.serving.svc:8000', 'triton.serving.svc:8001']);
  });

  it.each<[string, Partial<TritonServerProps>, RegExp]>([
    ['a model repository that is not a bucket', { modelRepository: '/models' }, /modelRepository "\/models" must be a bucket URI/],
    ['scale to zero', { minReplicas: 0 }, /minReplicas must be an integer of at least 1/],
    ['fewer replicas at most than at least', { minReplicas: 3, maxReplicas: 2 }, /maxReplicas \(2\) must be an integer no smaller than minReplicas \(3\)/],
    ['no GPU', { gpusPerPod: 0 }, /gpusPerPod must be an integer of at least 1/],
    ['an image at latest', { image: 'nvcr.io/nvidia/tritonserver:latest' }, /is at "latest"/],
    ['an identity of another namespace', { identity: identity('plinth', 'triton') }, /identity .* is for namespace "plinth", but the workload runs in "serving"/],
    ['a latency bound below stable’s', { canaryThresholds: { maxP99LatencyRatio: 0.9 } }, /maxP99LatencyRatio must be at least 1/],
  ])('refuses %s with a message naming the prop', (_case, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});

describe('TritonServer at zero', () => {
  const WAKE = 'sum(rate(http_requests_total{namespace="shop", handler="/predict"}[5m]))';

  it('refuses minReplicas 0 without a wake query, and says why: nothing else would scale it back up', () => {
    expect(() => synth({ minReplicas: 0 })).toThrow(
      /TritonServer test\/Triton:\n {2}minReplicas must be an integer of at least 1, or 0 with wakeQuery set, got 0: at zero Triton's queue metrics vanish with its last pod, so only the callers' demand \(wakeQuery\) can scale it up again/,
    );
    expect(() => synth({ minReplicas: 0, wakeQuery: ' ' })).toThrow(/wakeQuery must be a PromQL query, got an empty string/);
  });

  it('scales to zero after 30 idle minutes with a wake query, which brings one replica back while callers call', () => {
    const { stack } = synth({ minReplicas: 0, wakeQuery: WAKE });
    const scaled = manifestOf(stack, 'ScaledObject', 'triton');
    validateCustomResource(scaled);
    expect(scaled.spec).toMatchObject({ minReplicaCount: 0, maxReplicaCount: 4, cooldownPeriod: 1800 });
    expect(scaled.spec.triggers).toHaveLength(2);
    expect(scaled.spec.triggers[1]).toEqual({
      name: 'callers',
      type: 'prometheus',
      metricType: 'Value',
      metadata: { serverAddress: PROMETHEUS.url, query: WAKE, threshold: '1000000000', activationThreshold: '0' },
    });
    // The Rollout still leaves the count to KEDA.
    expect(manifestOf(stack, 'Rollout', 'triton').spec.replicas).toBeUndefined();
  });

  it('keeps KEDA’s default cool-down and only its queue trigger when it never goes below one replica', () => {
    const scaled = manifestOf(synth().stack, 'ScaledObject', 'triton');
    expect(scaled.spec.cooldownPeriod).toBeUndefined();
    expect(scaled.spec.triggers).toHaveLength(1);
  });

  it('tolerates exactly the taint every kit puts on NVIDIA GPU nodes', () => {
    expect(GPU_TAINT).toEqual(ACCELERATOR_NODES.nvidia.taint);
  });
});
