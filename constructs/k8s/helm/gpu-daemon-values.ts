import type { IToleration } from 'kubernetes-models/v1/Toleration';

/** Where a daemon of the GPU charts may run: both charts take these two values as Kubernetes spells them. */
export interface GpuNodePlacementValues {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Replaces the chart's list (Helm merges maps but replaces lists). */
  readonly tolerations?: readonly IToleration[];
}
