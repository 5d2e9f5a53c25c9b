import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { ITopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';

/** Qdrant's own configuration (`config/production.yaml`), the parts Plinth sets; Qdrant's config/config.yaml documents each. */
export interface QdrantConfig {
  readonly cluster: {
    readonly enabled: boolean;
    readonly p2p?: { readonly port: number; readonly enable_tls?: boolean };
    readonly consensus?: { readonly tick_period_ms: number };
  };
  readonly storage?: {
    /** Where snapshots go: a local directory, or with S3 snapshot storage the key prefix in the bucket. */
    readonly snapshots_path?: string;
    readonly snapshots_config?: {
      readonly snapshots_storage: 'local' | 's3';
      readonly s3_config?: { readonly bucket: string; readonly region?: string; readonly endpoint_url?: string };
    };
    /** Defaults for collections created without them. */
    readonly collection?: { readonly replication_factor?: number; readonly write_consistency_factor?: number };
  };
  /** Qdrant reports anonymous usage to telemetry.qdrant.io unless this is set. */
  readonly telemetry_disabled?: boolean;
}

/** The values of the qdrant chart that Plinth sets (the chart's values.yaml documents each). */
export interface QdrantValues {
  /** Names the StatefulSet, its Services and ServiceAccount. */
  readonly fullnameOverride?: string;
  readonly replicaCount: number;
  readonly image?: { readonly repository?: string; readonly tag?: string; readonly useUnprivilegedImage?: boolean; readonly pullPolicy?: string };
  /** Environment of the Qdrant container; entries may read a Secret with `valueFrom`. */
  readonly env?: readonly IEnvVar[];
  readonly config: QdrantConfig;
  /** The chart's init container that chowns the volumes as root; off with the unprivileged image. */
  readonly updateVolumeFsOwnership?: boolean;
  readonly containerSecurityContext?: ISecurityContext;
  readonly podSecurityContext?: IPodSecurityContext;
  readonly resources?: IResourceRequirements;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly affinity?: IAffinity;
  readonly topologySpreadConstraints?: readonly ITopologySpreadConstraint[];
  readonly persistence?: { readonly size: string; readonly storageClassName: string; readonly accessModes?: readonly string[] };
  /** A second volume per peer for local snapshots, mounted at /qdrant/snapshots (an emptyDir when off). */
  readonly snapshotPersistence?: { readonly enabled: boolean; readonly size?: string; readonly storageClassName?: string; readonly accessModes?: readonly string[] };
  readonly additionalVolumes?: readonly IVolume[];
  readonly additionalVolumeMounts?: readonly IVolumeMount[];
  readonly podDisruptionBudget?: { readonly enabled: boolean; readonly maxUnavailable?: number; readonly unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow' };
  /** The chart's ServiceMonitor (needs the CRD at install); Plinth gives its monitor to the monitoring stack instead. */
  readonly metrics?: { readonly serviceMonitor: { readonly enabled: boolean } };
  /** Annotations of the chart's ServiceAccount (the workload identity's binding). */
  readonly serviceAccount?: { readonly annotations?: Readonly<Record<string, string>> };
  readonly readinessProbe?: { readonly enabled: boolean };
  readonly livenessProbe?: { readonly enabled: boolean };
  readonly startupProbe?: { readonly enabled: boolean; readonly failureThreshold?: number };
  readonly terminationGracePeriodSeconds?: number;
  readonly priorityClassName?: string;
}
