import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/** The values of argo-rollouts that Plinth sets (the chart's values.yaml documents each). */
export interface ArgoRolloutsValues {
  /** The chart installs the Rollout and AnalysisTemplate CRDs that TritonServer's objects need. */
  readonly installCRDs?: boolean;
  /** Keep the CRDs (and so every Rollout) when the release is uninstalled. */
  readonly keepCRDs?: boolean;
  readonly controller?: {
    readonly replicas?: number;
    readonly resources?: IResourceRequirements;
    readonly metrics?: {
      readonly enabled: boolean;
      readonly serviceMonitor?: { readonly enabled: boolean };
    };
  };
  readonly dashboard?: { readonly enabled: boolean };
}
