import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { PodTemplate } from 'kubernetes-models/v1/PodTemplate';
import { Service } from 'kubernetes-models/v1/Service';
import type { NodePool, WorkloadIdentity } from '../../kit';
import { parseImage } from '../image-reference';
import { KubernetesObject, validateOrExplain, type KubernetesModel } from '../kubernetes-object';
import { componentLabels, DNS_LABEL, selectorLabels } from '../labels';
import { egressPolicy } from '../network-allows';
import type { PlatformNamespace } from '../platform-namespace';
import { environment, restrictedPodSpec } from '../restricted-pod';
import { serviceAccountFor } from '../service-account';
import { Rollout, type AnalysisTemplate } from './argo-rollouts';
import { canaryAnalysisTemplate, canaryChecks, CANARY_HASH_ARG, STABLE_HASH_ARG, type CanaryThresholds } from './canary-analysis';
import { ScaledObject } from './keda';

/** Triton Inference Server, NGC release 25.12 (CUDA 13.1: NVIDIA driver 575+, or R535/R545 on data-centre GPUs). */
export const TRITON_IMAGE = 'nvcr.io/nvidia/tritonserver:25.12-py3';
/** The taint Plinth's GPU pools carry, so only pods that asked for a GPU land there. */
export const GPU_TAINT = {
  key: 'nvidia.com/gpu',
  value: 'present',
  effect: 'NoSchedule',
} as const;
export const TRITON_PORTS = { http: 8000, grpc: 8001, metrics: 8002 } as const;

/** Where Prometheus runs and how the analysis and the autoscaler reach it. */
export interface PrometheusEndpoint {
  /** Namespace of the Prometheus that scrapes Triton (it may reach the metrics port; the ServiceMonitor lives there). */
  readonly namespace: string;
  /** Its HTTP API as Argo Rollouts' and KEDA's controllers reach it: `http://<service>.<namespace>.svc:9090`. */
  readonly url: string;
}

export interface TritonServerProps {
  readonly namespace: PlatformNamespace;
  /** Names the Rollout, its Services and the rest. @default "triton" */
  readonly name?: string;
  /** NGC image at an exact release. @default TRITON_IMAGE */
  readonly image?: string;
  /** Triton's own identity; the foundation grants it read on the model prefix (`store.grantRead(identity, prefix)`). */
  readonly identity: WorkloadIdentity;
  /** `s3://<bucket>/<prefix>/`: Triton copies the models from there at start. */
  readonly modelRepository: string;
  /** Environment for the storage SDK (`AWS_DEFAULT_REGION`: the bucket's region). @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** The GPU pool (tainted `nvidia.com/gpu=present:NoSchedule`) the pods run on. */
  readonly gpuPool: NodePool;
  /** @default 1 */
  readonly gpusPerPod?: number;
  /** CPU and memory, requests equal to limits (the pod owns its GPU node's share). @default - 4 CPU, 16Gi */
  readonly resources?: { readonly cpu: string; readonly memory: string };
  /** Local disk for the copied model repository. @default "20Gi" */
  readonly modelCacheSize?: string;
  /** Shared memory (/dev/shm) for the Python backend and shared-memory clients. @default "1Gi" */
  readonly sharedMemorySize?: string;
  /** @default 1 */
  readonly minReplicas?: number;
  /** @default 4 */
  readonly maxReplicas?: number;
  /** Average time a request waits in Triton's queue above which KEDA adds replicas, in milliseconds. @default 10 */
  readonly targetQueueMilliseconds?: number;
  readonly prometheus: PrometheusEndpoint;
  /** How much worse than stable a canary may be. @default - 1 point of success rate, 1.2 × p99 */
  readonly canaryThresholds?: CanaryThresholds;
  /** Wait after each canary weight (5%, 25%, 50%) while the analysis runs. @default "5m" */
  readonly canaryStepPause?: string;
}

const MODEL_CACHE = '/models';

/**
 * Triton Inference Server on the GPU pool as an Argo Rollouts canary: each new server image or model
 * repository takes 5% → 25% → 50% → 100% of the pods while an analysis compares the canary's success
 * rate and p99 latency with the stable version; a failed analysis aborts the rollout and the stable
 * version takes all traffic again. KEDA scales on Triton's queue time. Rollout, AnalysisTemplate and
 * ScaledObject are custom resources: the stack holding this construct is applied after the one that
 * installs the argo-rollouts and keda charts (README.md). The ServiceMonitor is for the monitoring
 * chart's values, like PlinthService's.
 */
export class TritonServer extends Construct {
  readonly name: string;
  /** KServe v2 HTTP API of the stable version: `http://<name>.<namespace>.svc:8000`. */
  readonly url: string;
  /** The canary version only (for smoke tests during a rollout). */
  readonly canaryUrl: string;
  readonly grpcAddress: string;
  readonly rollout: Rollout;
  readonly analysisTemplate: AnalysisTemplate;
  readonly scaledObject: ScaledObject;
  readonly serviceMonitor: ServiceMonitor;

  constructor(scope: Construct, id: string, props: TritonServerProps) {
    super(scope, id);
    const where = `TritonServer ${this.node.path}`;
    const name = props.name ?? 'triton';
    const namespace = props.namespace.name;
    const { image, version } = parseImage(props.image ?? TRITON_IMAGE, where);
    const sizes = {
      gpusPerPod: props.gpusPerPod ?? 1,
      minReplicas: props.minReplicas ?? 1,
      maxReplicas: props.maxReplicas ?? 4,
      targetQueueMilliseconds: props.targetQueueMilliseconds ?? 10,
    };
    checkProps(props, name, sizes, where);
    this.name = name;
    this.url = `http://${name}.${namespace}.svc:${TRITON_PORTS.http}`;
    this.canaryUrl = `http://${name}-canary.${namespace}.svc:${TRITON_PORTS.http}`;
    this.grpcAddress = `${name}.${namespace}.svc:${TRITON_PORTS.grpc}`;

    const labels = componentLabels(name, version);
    const selector = selectorLabels(name);
    const metadata = { name, namespace, labels };
    const { inNamespace } = props.namespace;
    const emit = (objectId: string, object: KubernetesModel, dependsOn: KubernetesObject['resource'][] = inNamespace.dependsOn) =>
      new KubernetesObject(this, objectId, object, { dependsOn });

    const account = emit('ServiceAccount', serviceAccountFor(props.identity, namespace, labels, where));
    const template = podTemplate(props, name, image, labels, sizes.gpusPerPod);
    validateOrExplain(new PodTemplate({ metadata: { name, namespace }, template }), `${where}: pod template`);

    const checks = canaryChecks({ namespace, metricsService: `${name}-metrics` }, props.canaryThresholds);
    this.analysisTemplate = canaryAnalysisTemplate(`${name}-canary`, namespace, labels, props.prometheus.url, checks);
    const pause = { pause: { duration: props.canaryStepPause ?? '5m' } };
    this.rollout = new Rollout({
      metadata,
      spec: {
        // No `replicas`: KEDA's autoscaler owns the count, as with PlinthService's Deployment.
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template,
        strategy: {
          canary: {
            stableService: name,
            canaryService: `${name}-canary`,
            // A GPU pod at a time: a surge of several would ask the pool for several GPU nodes at once.
            maxSurge: 1,
            maxUnavailable: 0,
            // No traffic router: a weight is the canary's share of the pods, stable scaled down to match
            // (the controller refuses dynamicStableScale and scaleDownDelaySeconds without one).
            steps: [{ setWeight: 5 }, pause, { setWeight: 25 }, pause, { setWeight: 50 }, pause],
            analysis: {
              templates: [{ templateName: this.analysisTemplate.metadata.name }],
              startingStep: 1,
              args: [
                {
                  name: CANARY_HASH_ARG,
                  valueFrom: { podTemplateHashValue: 'Latest' },
                },
                {
                  name: STABLE_HASH_ARG,
                  valueFrom: { podTemplateHashValue: 'Stable' },
                },
              ],
            },
          },
        },
      },
    });
    this.scaledObject = new ScaledObject({
      metadata,
      spec: {
        scaleTargetRef: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          name,
        },
        // Never zero: a GPU node and a model load take minutes, too long for a realtime caller.
        minReplicaCount: sizes.minReplicas,
        maxReplicaCount: sizes.maxReplicas,
        pollingInterval: 15,
        // A new GPU pod is expensive to start: scale down only after 10 quiet minutes.
        advanced: {
          horizontalPodAutoscalerConfig: {
            behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
          },
        },
        triggers: [
          {
            type: 'prometheus',
            metricType: 'Value',
            metadata: {
              serverAddress: props.prometheus.url,
              query: queueMillisecondsQuery(namespace, `${name}-metrics`),
              threshold: String(sizes.targetQueueMilliseconds),
            },
          },
        ],
      },
    });
    const analysis = emit('AnalysisTemplate', this.analysisTemplate);
    emit('Rollout', this.rollout, [...inNamespace.dependsOn, account.resource, analysis.resource]);
    emit('ScaledObject', this.scaledObject);

    const service = (serviceName: string, ports: { name: string; port: number }[]) =>
      new Service({
        metadata: { name: serviceName, namespace, labels },
        spec: {
          type: 'ClusterIP',
          selector,
          ports: ports.map((p) => ({
            ...p,
            targetPort: p.name,
            protocol: 'TCP' as const,
          })),
        },
      });
    const apiPorts = [
      { name: 'http', port: TRITON_PORTS.http },
      { name: 'grpc', port: TRITON_PORTS.grpc },
    ];
    // Argo Rollouts adds the stable and canary pod template hashes to these two selectors.
    emit('StableService', service(name, apiPorts));
    emit('CanaryService', service(`${name}-canary`, apiPorts));
    // Scraped through its own Service: the stable and canary Services select the same pods outside a rollout.
    const metricsService = service(`${name}-metrics`, [{ name: 'metrics', port: TRITON_PORTS.metrics }]);
    emit(
      'MetricsService',
      new Service({
        ...metricsService,
        metadata: {
          ...metricsService.metadata,
          labels: { ...labels, 'plinth.dev/scrape': 'metrics' },
        },
      })
    );
    emit(
      'DisruptionBudget',
      new PodDisruptionBudget({
        metadata,
        spec: {
          maxUnavailable: 1,
          selector: { matchLabels: selector },
          unhealthyPodEvictionPolicy: 'AlwaysAllow',
        },
      })
    );
    const tcp = (port: number) => ({ protocol: 'TCP' as const, port });
    emit(
      'IngressPolicy',
      new NetworkPolicy({
        metadata: { ...metadata, name: `${name}-ingress` },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ podSelector: {} }],
              ports: [tcp(TRITON_PORTS.http), tcp(TRITON_PORTS.grpc)],
            },
            {
              from: [
                {
                  namespaceSelector: {
                    matchLabels: {
                      'kubernetes.io/metadata.name': props.prometheus.namespace,
                    },
                  },
                },
              ],
              ports: [tcp(TRITON_PORTS.metrics)],
            },
          ],
        },
      })
    );
    // The model repository is read over the storage API on 443.
    emit('EgressPolicy', egressPolicy(name, namespace, selector, labels, { cloudApis: true }, where)!);

    this.serviceMonitor = new ServiceMonitor({
      metadata: { name, namespace: props.prometheus.namespace, labels },
      spec: {
        selector: {
          matchLabels: { ...selector, 'plinth.dev/scrape': 'metrics' },
        },
        namespaceSelector: { matchNames: [namespace] },
        // The analysis tells canary from stable series by this label (`rollouts_pod_template_hash` in Prometheus).
        podTargetLabels: ['rollouts-pod-template-hash'],
        endpoints: [{ port: 'metrics', path: '/metrics', interval: '15s' }],
      },
    });
    validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
  }
}

/** The pod: restricted (Triton's image runs as its `triton-server` user, uid 1000), on the GPU pool, probed on Triton's own health API. */
function podTemplate(props: TritonServerProps, name: string, image: string, labels: Record<string, string>, gpus: number): IPodTemplateSpec {
  const resources = props.resources ?? { cpu: '4', memory: '16Gi' };
  const compute = { ...resources, 'nvidia.com/gpu': String(gpus) };
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  const spec = restrictedPodSpec({
    serviceAccountName: props.identity.serviceAccountName,
    container: {
      name: 'triton',
      image,
      imagePullPolicy: 'IfNotPresent',
      args: [
        'tritonserver',
        `--model-repository=${props.modelRepository}`,
        // Ready only when every model loaded: a canary that cannot load its models gets no traffic.
        '--strict-readiness=true',
        '--exit-on-error=true',
        `--http-port=${TRITON_PORTS.http}`,
        `--grpc-port=${TRITON_PORTS.grpc}`,
        `--metrics-port=${TRITON_PORTS.metrics}`,
        // p99 per model for the canary analysis.
        '--metrics-config=summary_latencies=true',
      ],
      env: environment({
        ...props.env,
        TRITON_AWS_MOUNT_DIRECTORY: MODEL_CACHE,
      }),
      ports: [
        { name: 'http', containerPort: TRITON_PORTS.http, protocol: 'TCP' },
        { name: 'grpc', containerPort: TRITON_PORTS.grpc, protocol: 'TCP' },
        {
          name: 'metrics',
          containerPort: TRITON_PORTS.metrics,
          protocol: 'TCP',
        },
      ],
      resources: { requests: compute, limits: compute },
      // Copying and loading the models may take up to ten minutes before liveness applies.
      startupProbe: probe('/v2/health/live', 10, 60),
      livenessProbe: probe('/v2/health/live', 10, 3),
      readinessProbe: probe('/v2/health/ready', 5, 2),
      volumeMounts: [
        { name: 'model-cache', mountPath: MODEL_CACHE },
        { name: 'shm', mountPath: '/dev/shm' },
      ],
    },
    volumes: [
      {
        name: 'model-cache',
        emptyDir: { sizeLimit: props.modelCacheSize ?? '20Gi' },
      },
      {
        name: 'shm',
        emptyDir: {
          medium: 'Memory',
          sizeLimit: props.sharedMemorySize ?? '1Gi',
        },
      },
    ],
  });
  return {
    metadata: { labels },
    spec: {
      ...spec,
      nodeSelector: { 'plinth.dev/pool': props.gpuPool.name },
      tolerations: [{ ...GPU_TAINT, operator: 'Equal' }],
      // Unloading models and finishing in-flight requests.
      terminationGracePeriodSeconds: 60,
      topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
        topologyKey,
        maxSkew: 1,
        whenUnsatisfiable: 'ScheduleAnyway' as const,
        labelSelector: { matchLabels: selectorLabels(name) },
        // Spread each version on its own, as PlinthService does with pod-template-hash.
        matchLabelKeys: ['rollouts-pod-template-hash'],
      })),
    },
  };
}

/** Average milliseconds a request waited in Triton's queue over the last minute, across every pod and model. */
function queueMillisecondsQuery(namespace: string, metricsService: string): string {
  const series = `{namespace="${namespace}", service="${metricsService}"}`;
  return `sum(rate(nv_inference_queue_duration_us${series}[1m])) / 1000 / clamp_min(sum(rate(nv_inference_request_success${series}[1m])) + sum(rate(nv_inference_request_failure${series}[1m])), 1)`;
}

function checkProps(
  props: TritonServerProps,
  name: string,
  sizes: {
    gpusPerPod: number;
    minReplicas: number;
    maxReplicas: number;
    targetQueueMilliseconds: number;
  },
  where: string
): void {
  const problems: string[] = [];
  if (!DNS_LABEL.test(name) || name.length > 52) problems.push(`name "${name}" must be a DNS label of at most 52 characters ("-canary" and "-metrics" are appended)`);
  if (!/^(s3|gs):\/\/./.test(props.modelRepository))
    problems.push(`modelRepository "${props.modelRepository}" must be a bucket URI, "s3://<bucket>/<prefix>/" or "gs://<bucket>/<prefix>/"`);
  if (!Number.isInteger(sizes.gpusPerPod) || sizes.gpusPerPod < 1) problems.push(`gpusPerPod must be an integer of at least 1, got ${sizes.gpusPerPod}`);
  if (!Number.isInteger(sizes.minReplicas) || sizes.minReplicas < 1)
    problems.push(`minReplicas must be an integer of at least 1 (a GPU pod takes minutes to start, so Triton never scales to zero), got ${sizes.minReplicas}`);
  if (!Number.isInteger(sizes.maxReplicas) || sizes.maxReplicas < sizes.minReplicas)
    problems.push(`maxReplicas (${sizes.maxReplicas}) must be an integer no smaller than minReplicas (${sizes.minReplicas})`);
  if (!(sizes.targetQueueMilliseconds > 0)) problems.push(`targetQueueMilliseconds must be above 0, got ${sizes.targetQueueMilliseconds}`);
  if (props.env && 'TRITON_AWS_MOUNT_DIRECTORY' in props.env) problems.push('env must not set TRITON_AWS_MOUNT_DIRECTORY: the construct points it at the model cache volume');
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
}
