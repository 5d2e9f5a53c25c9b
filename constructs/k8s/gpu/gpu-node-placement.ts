import { ACCELERATOR_NODES } from '../../kit';
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
