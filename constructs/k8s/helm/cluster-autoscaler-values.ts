import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';

/** The values of cluster-autoscaler that Plinth sets (the chart's values.yaml documents each). */
export interface ClusterAutoscalerValues {
  readonly cloudProvider?: 'aws';
  readonly awsRegion?: string;
  /** Node groups are found by the tags EKS puts on managed node groups' autoscaling groups. */
  readonly autoDiscovery?: { readonly clusterName: string };
  readonly image?: { readonly tag: string };
  readonly replicaCount?: number;
  /** Command-line flags, as `name: value` (`expander: least-waste`). */
  readonly extraArgs?: Readonly<Record<string, string | number | boolean>>;
  /**
   * With `priority` among the expanders: the chart writes these into the `cluster-autoscaler-priority-expander`
   * ConfigMap of the release's namespace (and lets the autoscaler read it), node group name patterns by priority.
   */
  readonly expanderPriorities?: Readonly<Record<number, readonly string[]>>;
  readonly rbac?: {
    readonly serviceAccount?: { readonly create?: boolean; readonly name?: string; readonly annotations?: Readonly<Record<string, string>> };
  };
  readonly resources?: IResourceRequirements;
  readonly securityContext?: IPodSecurityContext;
  readonly containerSecurityContext?: ISecurityContext;
  readonly podDisruptionBudget?: { readonly maxUnavailable: number };
}
