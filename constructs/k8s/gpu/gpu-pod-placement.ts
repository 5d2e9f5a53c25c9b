import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { NodePool } from '../../kit';

/** The taint Plinth's GPU pools carry, so only pods that asked for a GPU land there (`ACCELERATOR_NODES.nvidia.taint`). */
export const GPU_TAINT = {
  key: 'nvidia.com/gpu',
  value: 'present',
  effect: 'NoSchedule',
} as const;

/**
 * Where a GPU server's pods run: the nodes of its GPU pool, whose taint they tolerate, spread over
 * zones and nodes. Each version spreads on its own (`versionLabelKey`: `pod-template-hash` for a
 * Deployment, `rollouts-pod-template-hash` for an Argo Rollout), so a rollout does not crowd one zone.
 */
export function gpuPodPlacement(
  pool: NodePool,
  podSelector: Readonly<Record<string, string>>,
  versionLabelKey: string,
): Required<Pick<IPodSpec, 'nodeSelector' | 'tolerations' | 'topologySpreadConstraints'>> {
  return {
    nodeSelector: { 'plinth.dev/pool': pool.name },
    tolerations: [{ ...GPU_TAINT, operator: 'Equal' }],
    topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      topologyKey,
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway' as const,
      labelSelector: { matchLabels: { ...podSelector } },
      matchLabelKeys: [versionLabelKey],
    })),
  };
}
