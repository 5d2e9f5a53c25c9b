import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/** The values of keda that Plinth sets (the chart's values.yaml documents each). */
export interface KedaValues {
  /** The chart installs the ScaledObject CRD that TritonServer's autoscaler needs. */
  readonly crds?: { readonly install: boolean };
  readonly resources?: {
    readonly operator?: IResourceRequirements;
    readonly metricServer?: IResourceRequirements;
    readonly webhooks?: IResourceRequirements;
  };
}
