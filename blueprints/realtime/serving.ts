/** The namespace of the online serving path: Triton and the feature server. */
export const SERVING_NAMESPACE = 'plinth-serving';

/** Service accounts (and so workload identities) of the realtime blueprint's workloads. */
export const REALTIME_ACCOUNTS = {
  triton: 'triton',
  featureServer: 'feature-server',
  /** The cluster autoscaler runs beside the other cluster daemons. */
  clusterAutoscaler: { namespace: 'kube-system', name: 'cluster-autoscaler' },
} as const;

/** Artifact bucket prefixes of the realtime blueprint: each workload reads (or writes) its own only. */
export const REALTIME_PREFIXES = {
  /** Triton's model repository (`<model>/<version>/model.onnx`, `config.pbtxt`). */
  tritonModels: 'triton/',
  /** Feast's registry and the offline Parquet sources app teams write. */
  featureStore: 'feature-store/',
} as const;

/** The user the feature server authenticates to the online store as (environment-prefixed by the kit). */
export const FEATURE_STORE_CACHE_USER = 'feast';
