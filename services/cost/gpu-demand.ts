import type { Attributes, Resource } from '../../policies/engine/model';
import { asNumber, isObject } from '../../policies/engine/values';

/** The node label Plinth's GPU workloads select their pool by (constructs/k8s: `nodeSelector`). */
export const POOL_LABEL = 'plinth.dev/pool';

const GPU = 'nvidia.com/gpu';
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout']);

/** GPUs that always-running pods ask of one pool: each keeps GPU nodes up even in a pool that scales from zero. */
export interface GpuDemand {
  readonly pool: string;
  readonly gpus: number;
  /** `triton (1 replica x 1 GPU)`, for the estimate's basis. */
  readonly by: readonly string[];
}

/**
 * Reads the Kubernetes objects of an environment: every Deployment, StatefulSet or Argo Rollout whose
 * containers request `nvidia.com/gpu` and select a pool by `plinth.dev/pool`, at its fewest replicas
 * (the HorizontalPodAutoscaler's `minReplicas`, KEDA's `minReplicaCount`, else `replicas`).
 */
export function gpuDemandByPool(resources: readonly Resource[]): Map<string, GpuDemand> {
  const manifests = resources.filter((r) => r.type === 'kubernetes_manifest').map((r) => r.values.manifest).filter(isObject);
  const demand = new Map<string, { gpus: number; by: string[] }>();
  for (const workload of manifests.filter((m) => WORKLOAD_KINDS.has(String(m.kind)))) {
    const pod = path(workload, 'spec', 'template', 'spec');
    const pool = isObject(pod) && isObject(pod.nodeSelector) ? pod.nodeSelector[POOL_LABEL] : undefined;
    const gpusPerPod = isObject(pod) && Array.isArray(pod.containers) ? pod.containers.filter(isObject).reduce((total, c) => total + gpusOf(c), 0) : 0;
    if (typeof pool !== 'string' || gpusPerPod === 0) continue;
    const replicas = fewestReplicas(workload, manifests);
    if (replicas === 0) continue;
    const entry = demand.get(pool) ?? { gpus: 0, by: [] };
    entry.gpus += replicas * gpusPerPod;
    entry.by.push(`${String(path(workload, 'metadata', 'name'))} (${replicas} replica${replicas === 1 ? '' : 's'} x ${gpusPerPod} GPU)`);
    demand.set(pool, entry);
  }
  return new Map([...demand].map(([pool, entry]) => [pool, { pool, ...entry }]));
}

function gpusOf(container: Attributes): number {
  const resources = isObject(container.resources) ? container.resources : {};
  const limits = isObject(resources.limits) ? resources.limits : {};
  const requests = isObject(resources.requests) ? resources.requests : {};
  return asNumber(limits[GPU]) ?? asNumber(requests[GPU]) ?? 0;
}

function fewestReplicas(workload: Attributes, manifests: readonly Attributes[]): number {
  const name = path(workload, 'metadata', 'name');
  const namespace = path(workload, 'metadata', 'namespace');
  const scaler = manifests.find(
    (m) =>
      (m.kind === 'HorizontalPodAutoscaler' || m.kind === 'ScaledObject') &&
      path(m, 'metadata', 'namespace') === namespace &&
      path(m, 'spec', 'scaleTargetRef', 'name') === name &&
      (path(m, 'spec', 'scaleTargetRef', 'kind') ?? 'Deployment') === workload.kind,
  );
  // KEDA's minReplicaCount defaults to 0, the HorizontalPodAutoscaler's minReplicas to 1.
  if (scaler?.kind === 'ScaledObject') return asNumber(path(scaler, 'spec', 'minReplicaCount')) ?? 0;
  if (scaler) return asNumber(path(scaler, 'spec', 'minReplicas')) ?? 1;
  return asNumber(path(workload, 'spec', 'replicas')) ?? 1;
}

function path(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((current, key) => (isObject(current) ? current[key] : undefined), value);
}
