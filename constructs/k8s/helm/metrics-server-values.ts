import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/** The values of metrics-server that Plinth sets (the chart's values.yaml documents each). */
export interface MetricsServerValues {
  readonly replicas?: number;
  readonly resources?: IResourceRequirements;
  readonly podDisruptionBudget?: { readonly enabled: boolean; readonly minAvailable?: number };
}
