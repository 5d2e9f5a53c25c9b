import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { ACCELERATOR_NODES, type NodePool } from '../../kit';
import type { GpuNodePlacementValues } from '../helm/gpu-daemon-values';

/**
 * Runs a daemon on NVIDIA GPU nodes only: it selects the labels every kit puts on them and tolerates
 * their taint. (The device plugin chart's default node affinity, which Helm merges back in since it
 * is a map, accepts `nvidia.com/gpu.present: "true"`, one of those labels.)
 */
export function nvidiaGpuNodePlacement(): Required<GpuNodePlacementValues> {
  const { labels, taint } = ACCELERATOR_NODES.nvidia;
  return {
    nodeSelector: { ...labels },
    tolerations: [{ key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect }],
  };
}

/**
 * Places a GPU server's pods on one pool of NVIDIA GPU nodes: its `plinth.dev/pool` label, the pool's
 * taint tolerated, each version spread over zones and nodes (`templateHashLabel`: `pod-template-hash`
 * for a Deployment, `rollouts-pod-template-hash` for an Argo Rollout, so old pods do not skew the new).
 */
export function gpuPoolPodPlacement(pool: NodePool, podLabels: Readonly<Record<string, string>>, templateHashLabel: string): Pick<IPodSpec, 'nodeSelector' | 'tolerations' | 'topologySpreadConstraints'> {
  return {
    nodeSelector: { 'plinth.dev/pool': pool.name },
    tolerations: [...nvidiaGpuNodePlacement().tolerations],
    topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      topologyKey,
      maxSkew: 1,
      whenUnsatisfiable: 'ScheduleAnyway' as const,
      labelSelector: { matchLabels: { ...podLabels } },
      matchLabelKeys: [templateHashLabel],
    })),
  };
}
