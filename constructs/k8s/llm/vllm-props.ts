import { Token } from 'cdktf';
import type { NodePool, WorkloadIdentity } from '../../kit';
import { DNS_LABEL } from '../labels';
import type { PlatformNamespace } from '../platform-namespace';
import type { PrometheusEndpoint } from '../triton/triton-server';

/** What both vLLM servers (VllmServer, EmbeddingServer) take. */
export interface VllmDeploymentProps {
  readonly namespace: PlatformNamespace;
  /** vLLM image at an exact release. @default VLLM_IMAGE */
  readonly image?: string;
  /** The server's own identity; the foundation grants it read on the model prefix (`artifacts.grantRead(identity, prefix)`). */
  readonly identity: WorkloadIdentity;
  /** The name clients put in `"model"` and every metric's `model_name` label (`llama-3.1-8b-instruct`). */
  readonly modelName: string;
  /**
   * The model's folder in the artifact bucket, `s3://<bucket>/<prefix>/` or `gs://…`: safetensors weights,
   * config and tokenizer files. vLLM streams the weights from there to the GPU; no model hub is asked.
   */
  readonly modelUri: string;
  /**
   * Environment for the storage SDK: the cluster's `podEnvironment` (AWS: the bucket's region; GCP: the project).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** The large-GPU pool (tainted `nvidia.com/gpu=present:NoSchedule`) the pods run on. */
  readonly gpuPool: NodePool;
  /** GPUs of one pod; the model is split over them (tensor parallelism). @default 1 */
  readonly gpusPerPod?: number;
  /** CPU and memory, requests equal to limits. @default - 3 CPU, 24Gi (a g6e.xlarge's share) */
  readonly resources?: { readonly cpu: string; readonly memory: string };
  /** Shared memory (/dev/shm) for PyTorch's workers. @default "2Gi" */
  readonly sharedMemorySize?: string;
  /**
   * 0 lets an idle development server release its GPU node; it then needs `wakeQuery`.
   * @default 1
   */
  readonly minReplicas?: number;
  /** @default 2 */
  readonly maxReplicas?: number;
  /** Requests waiting per replica above which KEDA adds a replica. @default 4 */
  readonly targetRequestsWaitingPerReplica?: number;
  /**
   * PromQL whose value rises above 0 when callers want the model while no server runs (e.g. the
   * rate of the RAG service's requests). Required with `minReplicas: 0`: a server scaled to zero
   * exports no waiting requests, so only the callers' demand can wake it.
   * @default - none
   */
  readonly wakeQuery?: string;
  readonly prometheus: PrometheusEndpoint;
  /** Namespaces besides the server's own whose pods may call it. @default - the server's namespace only */
  readonly clientNamespaces?: readonly string[];
}

/** The sizes of a vLLM server, defaults applied and checked. */
export interface VllmSizes {
  readonly gpusPerPod: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetRequestsWaitingPerReplica: number;
}

/** Variables the construct sets itself (air-gapped operation, caches on the scratch volume). */
export const RESERVED_ENV = ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'USER', 'HOME', 'VLLM_CACHE_ROOT', 'HF_HOME', 'VLLM_NO_USAGE_STATS', 'DO_NOT_TRACK', 'RUNAI_STREAMER_MEMORY_LIMIT'];

/** Applies the defaults and refuses impossible props, every problem at once, each naming its prop. */
export function checkedVllmSizes(props: VllmDeploymentProps, name: string, where: string, roleProblems: readonly string[] = []): VllmSizes {
  const sizes = {
    gpusPerPod: props.gpusPerPod ?? 1,
    minReplicas: props.minReplicas ?? 1,
    maxReplicas: props.maxReplicas ?? 2,
    targetRequestsWaitingPerReplica: props.targetRequestsWaitingPerReplica ?? 4,
  };
  const problems = [...roleProblems];
  if (!DNS_LABEL.test(name) || name.length > 57) problems.push(`name "${name}" must be a DNS label of at most 57 characters ("-egress" is appended)`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(props.modelName)) problems.push(`modelName "${props.modelName}" must be letters, digits, ".", "_" and "-" (it becomes a metric label and the API's model name)`);
  // A bucket made in the foundation stack arrives as a token inside the URI (s3://${TfToken[…]}/models/…/), which the pattern accepts;
  // a URI that is a token as a whole is only known after apply.
  const wholeToken = Token.isUnresolved(props.modelUri) && /^\$\{TfToken\[[^\]]+\]\}$/.test(props.modelUri);
  if (!wholeToken && !/^(s3|gs):\/\/[^/]+\/.+\/$/.test(props.modelUri))
    problems.push(`modelUri "${props.modelUri}" must be the model's folder in a bucket, "s3://<bucket>/<prefix>/" or "gs://<bucket>/<prefix>/" (ending in "/"); vLLM never downloads from a model hub`);
  if (!Number.isInteger(sizes.gpusPerPod) || sizes.gpusPerPod < 1) problems.push(`gpusPerPod must be an integer of at least 1, got ${sizes.gpusPerPod}`);
  if (!Number.isInteger(sizes.minReplicas) || sizes.minReplicas < 0) problems.push(`minReplicas must be an integer of at least 0, got ${sizes.minReplicas}`);
  if (!Number.isInteger(sizes.maxReplicas) || sizes.maxReplicas < Math.max(1, sizes.minReplicas))
    problems.push(`maxReplicas (${sizes.maxReplicas}) must be an integer of at least 1 and no smaller than minReplicas (${sizes.minReplicas})`);
  if (!(sizes.targetRequestsWaitingPerReplica > 0)) problems.push(`targetRequestsWaitingPerReplica must be above 0, got ${sizes.targetRequestsWaitingPerReplica}`);
  if (sizes.minReplicas === 0 && !props.wakeQuery)
    problems.push('minReplicas is 0 but wakeQuery is not set: a server scaled to zero exports no waiting requests, so nothing would ever scale it up again; give wakeQuery (the callers\' demand) or minReplicas 1');
  const reserved = Object.keys(props.env ?? {}).filter((key) => RESERVED_ENV.includes(key));
  if (reserved.length > 0) problems.push(`env must not set ${reserved.join(', ')}: the construct sets them (offline model loading, caches on the scratch volume)`);
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
  return sizes;
}
