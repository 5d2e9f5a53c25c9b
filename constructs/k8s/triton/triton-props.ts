import type { NodePool, WorkloadIdentity } from '../../kit';
import { DNS_LABEL } from '../labels';
import type { PlatformNamespace } from '../platform-namespace';
import type { CanaryThresholds } from './canary-analysis';

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
  /** Environment for the storage SDK: the cluster's `podEnvironment` (AWS: the bucket's region; GCP: the project). @default - none */
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
  /**
   * Fewest replicas. 0 lets an idle environment release its GPU node and needs `wakeQuery` (README.md,
   * "Scaling to zero"). @default 1
   */
  readonly minReplicas?: number;
  /** @default 4 */
  readonly maxReplicas?: number;
  /** Average time a request waits in Triton's queue above which KEDA adds replicas, in milliseconds. @default 10 */
  readonly targetQueueMilliseconds?: number;
  /**
   * PromQL whose value rises above 0 while callers want Triton, readable while no Triton pod runs
   * (e.g. the rate of requests at the callers or their gateway). Required with `minReplicas: 0`:
   * Triton's own queue metrics vanish with its last pod, so only the callers' demand can wake it.
   * @default - none
   */
  readonly wakeQuery?: string;
  readonly prometheus: PrometheusEndpoint;
  /** How much worse than stable a canary may be. @default - 1 point of success rate, 1.2 × p99 */
  readonly canaryThresholds?: CanaryThresholds;
  /** Wait after each canary weight (5%, 25%, 50%) while the analysis runs. @default "5m" */
  readonly canaryStepPause?: string;
}

/** The sizes of a Triton server with their defaults applied. */
export interface TritonSizes {
  readonly gpusPerPod: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetQueueMilliseconds: number;
}

/** The sizes with their defaults; every problem with the props at once, or an error naming each. */
export function checkedTritonSizes(props: TritonServerProps, name: string, where: string): TritonSizes {
  const sizes = {
    gpusPerPod: props.gpusPerPod ?? 1,
    minReplicas: props.minReplicas ?? 1,
    maxReplicas: props.maxReplicas ?? 4,
    targetQueueMilliseconds: props.targetQueueMilliseconds ?? 10,
  };
  const problems: string[] = [];
  if (!DNS_LABEL.test(name) || name.length > 52) problems.push(`name "${name}" must be a DNS label of at most 52 characters ("-canary" and "-metrics" are appended)`);
  if (!/^(s3|gs):\/\/./.test(props.modelRepository))
    problems.push(`modelRepository "${props.modelRepository}" must be a bucket URI, "s3://<bucket>/<prefix>/" or "gs://<bucket>/<prefix>/"`);
  if (!Number.isInteger(sizes.gpusPerPod) || sizes.gpusPerPod < 1) problems.push(`gpusPerPod must be an integer of at least 1, got ${sizes.gpusPerPod}`);
  if (!Number.isInteger(sizes.minReplicas) || sizes.minReplicas < 0 || (sizes.minReplicas === 0 && props.wakeQuery === undefined))
    problems.push(
      `minReplicas must be an integer of at least 1, or 0 with wakeQuery set, got ${sizes.minReplicas}: at zero Triton's queue metrics vanish with its last pod, so only the callers' demand (wakeQuery) can scale it up again`,
    );
  if (props.wakeQuery !== undefined && props.wakeQuery.trim() === '') problems.push('wakeQuery must be a PromQL query, got an empty string');
  if (!Number.isInteger(sizes.maxReplicas) || sizes.maxReplicas < sizes.minReplicas)
    problems.push(`maxReplicas (${sizes.maxReplicas}) must be an integer no smaller than minReplicas (${sizes.minReplicas})`);
  if (!(sizes.targetQueueMilliseconds > 0)) problems.push(`targetQueueMilliseconds must be above 0, got ${sizes.targetQueueMilliseconds}`);
  for (const variable of ['TRITON_AWS_MOUNT_DIRECTORY', 'TRITON_GCS_MOUNT_DIRECTORY']) {
    if (props.env && variable in props.env) problems.push(`env must not set ${variable}: the construct points it at the model cache volume`);
  }
  if (problems.length > 0) throw new Error(`${where}:\n  ${problems.join('\n  ')}`);
  return sizes;
}

/** The name, namespace and labels every object of a Triton server shares. */
export interface TritonMetadata {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}
