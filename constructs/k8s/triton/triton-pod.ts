import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { gpuPodPlacement } from '../gpu/gpu-pod-placement';
import { selectorLabels } from '../labels';
import { environment, restrictedPodSpec } from '../restricted-pod';
import type { TritonServerProps } from './triton-props';

/** Triton Inference Server, NGC release 25.12 (CUDA 13.1: NVIDIA driver 575+, or R535/R545 on data-centre GPUs). */
export const TRITON_IMAGE = 'nvcr.io/nvidia/tritonserver:25.12-py3';
export const TRITON_PORTS = { http: 8000, grpc: 8001, metrics: 8002 } as const;

const MODEL_CACHE = '/models';

/**
 * The pod: restricted (Triton's image runs as its `triton-server` user, uid 1000), on the GPU pool,
 * probed on Triton's own health API.
 */
export function tritonPodTemplate(props: TritonServerProps, name: string, image: string, labels: Record<string, string>, gpus: number): IPodTemplateSpec {
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
        // Where Triton copies an s3:// or gs:// repository to (the root filesystem is read-only); the variable
        // of the repository's cloud is the one Triton reads. GCS needs nothing else: Google's default
        // credentials come from the GKE metadata server (Workload Identity).
        TRITON_AWS_MOUNT_DIRECTORY: MODEL_CACHE,
        TRITON_GCS_MOUNT_DIRECTORY: MODEL_CACHE,
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
      ...gpuPodPlacement(props.gpuPool, selectorLabels(name), 'rollouts-pod-template-hash'),
      // Unloading models and finishing in-flight requests.
      terminationGracePeriodSeconds: 60,
    },
  };
}
