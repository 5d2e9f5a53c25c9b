import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { gpuPodPlacement } from '../gpu/gpu-pod-placement';
import { selectorLabels } from '../labels';
import { environment, restrictedPodSpec } from '../restricted-pod';
import type { VllmDeploymentProps } from './vllm-props';

/** vLLM's OpenAI-compatible server, release 0.31.0 (CUDA 13: NVIDIA driver 580 or newer; `v0.31.0-cu129` runs on CUDA 12.9 drivers). */
export const VLLM_IMAGE = 'vllm/vllm-openai:v0.31.0';
/** The API, `/health` and `/metrics` share it. */
export const VLLM_PORT = 8000;

/** Caches (compiled kernels, the model's config and tokenizer files) on a scratch volume: the root filesystem is read-only. */
const CACHE = '/cache';
/** The Run:ai streamer's CPU buffer between the bucket and the GPU; its own default (40 GB) would exceed the pod's memory. */
const STREAMER_BUFFER_BYTES = 4 * 1024 ** 3;

export interface VllmPodProps extends VllmDeploymentProps {
  readonly name: string;
  readonly image: string;
  readonly labels: Record<string, string>;
  readonly gpusPerPod: number;
  /** The server's own `vllm serve` flags. */
  readonly args: readonly string[];
}

/**
 * The pod: restricted (uid 1000, read-only root), on the large-GPU pool, weights streamed from the
 * bucket with the pod's own identity (`--load-format runai_streamer` on the model's folder: on `s3://`
 * the streamer resolves credentials with boto3's default chain, which reads IRSA's token; on `gs://`
 * with Google's application default credentials, which GKE's metadata server answers for Workload
 * Identity: no key file either way), no model hub (`HF_HUB_OFFLINE`), probed on vLLM's `/health`.
 */
export function vllmPodTemplate(props: VllmPodProps): IPodTemplateSpec {
  const resources = props.resources ?? { cpu: '3', memory: '24Gi' };
  const compute = { ...resources, 'nvidia.com/gpu': String(props.gpusPerPod) };
  const probe = (periodSeconds: number, failureThreshold: number) => ({ httpGet: { path: '/health', port: 'http' }, periodSeconds, failureThreshold, timeoutSeconds: 5 });
  const spec = restrictedPodSpec({
    serviceAccountName: props.identity.serviceAccountName,
    container: {
      name: 'vllm',
      image: props.image,
      imagePullPolicy: 'IfNotPresent',
      // Explicit rather than the image's entrypoint, which has changed between releases.
      command: ['vllm', 'serve'],
      args: [
        props.modelUri,
        '--load-format=runai_streamer',
        `--served-model-name=${props.modelName}`,
        `--tensor-parallel-size=${props.gpusPerPod}`,
        `--port=${VLLM_PORT}`,
        ...props.args,
      ],
      env: environment({
        ...props.env,
        // Air-gapped: never ask a model hub, even for a tokenizer.
        HF_HUB_OFFLINE: '1',
        TRANSFORMERS_OFFLINE: '1',
        VLLM_NO_USAGE_STATS: '1',
        DO_NOT_TRACK: '1',
        // The pod's uid has no passwd entry in every image; PyTorch's cache paths ask for a user name.
        USER: 'vllm',
        HOME: CACHE,
        VLLM_CACHE_ROOT: `${CACHE}/vllm`,
        HF_HOME: `${CACHE}/huggingface`,
        RUNAI_STREAMER_MEMORY_LIMIT: String(STREAMER_BUFFER_BYTES),
      }),
      ports: [{ name: 'http', containerPort: VLLM_PORT, protocol: 'TCP' }],
      resources: { requests: compute, limits: compute },
      // Streaming the weights and capturing CUDA graphs may take up to twenty minutes before liveness applies.
      startupProbe: probe(10, 120),
      livenessProbe: probe(10, 3),
      readinessProbe: probe(5, 2),
      volumeMounts: [
        { name: 'cache', mountPath: CACHE },
        { name: 'shm', mountPath: '/dev/shm' },
      ],
    },
    volumes: [
      { name: 'cache', emptyDir: { sizeLimit: '10Gi' } },
      { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: props.sharedMemorySize ?? '2Gi' } },
    ],
  });
  return {
    metadata: { labels: props.labels },
    spec: {
      ...spec,
      ...gpuPodPlacement(props.gpuPool, selectorLabels(props.name), 'pod-template-hash'),
      // Finishing the streams in flight.
      terminationGracePeriodSeconds: 60,
    },
  };
}
