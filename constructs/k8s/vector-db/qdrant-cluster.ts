import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Construct } from 'constructs';
import type { ArtifactStore, EncryptedVolumeClass, NodePool, WorkloadIdentity } from '../../kit';
import { HELM_CHARTS } from '../helm/catalogue';
import { PlinthHelmRelease } from '../helm/plinth-helm-release';
import type { QdrantConfig, QdrantValues } from '../helm/qdrant-values';
import { KubernetesObject, validateOrExplain } from '../kubernetes-object';
import { componentLabels } from '../labels';
import { egressPolicy } from '../network-allows';
import type { PlatformNamespace } from '../platform-namespace';
import { IMAGE_USER_ID, type ContainerResources } from '../restricted-pod';
import { EncryptedStorageClass } from './encrypted-storage-class';
import { checkQdrantProps } from './qdrant-props';
import { QDRANT_PORTS, qdrantPeerAndClientPolicy } from './qdrant-network-policy';
import { QdrantSnapshotSchedule } from './qdrant-snapshot-schedule';

/** Qdrant's release, the chart's appVersion; `-unprivileged` images run as uid 1000, so no root init container. */
export const QDRANT_IMAGE = { repository: 'docker.io/qdrant/qdrant', tag: 'v1.19.0' } as const;
/** The bucket prefix snapshots are written under (where the store has an S3 API); the foundation grants read-write on it. */
export const QDRANT_SNAPSHOT_PREFIX = 'vector-db/snapshots/';
/** The keys of the API key Secret, created out of band (README.md). */
export const QDRANT_API_KEY_FIELDS = { admin: 'api-key', readOnly: 'read-only-api-key' } as const;

export interface QdrantClusterProps {
  /** Where Qdrant runs (e.g. "vector-db"). */
  readonly namespace: PlatformNamespace;
  /** Names the StatefulSet, its Services, its ServiceAccount and the Helm release. @default "qdrant" */
  readonly name?: string;
  /** Qdrant peers: 1, or an odd number of at least 3 (Raft consensus needs a majority of the peers up). */
  readonly replicas: number;
  /**
   * Copies of each shard for collections created without their own `replication_factor`.
   * @default - 2 when replicas > 1 (a node can fail without losing a shard), else 1
   */
  readonly replicationFactor?: number;
  /** Size of each peer's volume, in GiB. */
  readonly volumeGb: number;
  /**
   * The peers' volumes, encrypted with the environment's key: `cluster.encryptedVolumeClass()` (EBS on EKS,
   * Persistent Disk on GKE).
   */
  readonly volumeClass: EncryptedVolumeClass;
  /**
   * Qdrant's identity, `cluster.addWorkloadIdentity(namespace, name)`; the foundation grants it
   * `artifacts.grantReadWrite(identity, QDRANT_SNAPSHOT_PREFIX)`, and Qdrant writes snapshots with it.
   * Required when `artifacts.s3Api` is present; without it Qdrant calls no cloud API and needs none.
   * @default - no cloud identity
   */
  readonly identity?: WorkloadIdentity;
  /**
   * The artifact store. With an S3 API for workload identities (`artifacts.s3Api`: S3 on AWS), snapshots go
   * to it under `vector-db/snapshots/`. Without one (GCS, whose S3 API takes HMAC keys, long-lived secrets
   * Plinth does not create), snapshots stay on a second encrypted volume of each peer.
   */
  readonly artifacts: ArtifactStore;
  /**
   * The Secret (in the namespace, created with kubectl, never by Terraform) holding `api-key` and
   * `read-only-api-key`. Pods do not start without it.
   * @default "<name>-api-key"
   */
  readonly apiKeySecretName?: string;
  /** Namespaces whose pods may query Qdrant. @default - Qdrant's own namespace */
  readonly clientNamespaces?: readonly string[];
  /**
   * Prometheus: its namespace is let in on /metrics, and `serviceMonitor` authenticates with
   * `read-only-api-key` of `metricsSecretName` in that namespace (a copy made with kubectl).
   * @default - no monitoring
   */
  readonly monitoring?: { readonly namespace: string; readonly metricsSecretName?: string };
  /** When every peer snapshots every collection (cron, UTC). @default "0 3 * * *" */
  readonly snapshotSchedule?: string;
  /** Pool the peers run on (`plinth.dev/pool`). @default - any node */
  readonly nodePool?: NodePool;
  /** @default - requests 1 CPU and 4Gi, limits 2 CPU and 4Gi (vectors and their indexes live in memory) */
  readonly resources?: ContainerResources;
}

const DEFAULT_RESOURCES: ContainerResources = { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' } };
/** Where Qdrant creates each collection's snapshot directory locally before uploading (cwd is /qdrant). */
const SNAPSHOT_STAGING = '/qdrant/vector-db/snapshots';

/**
 * Qdrant as a StatefulSet from the pinned chart: cluster mode with `replicas` peers spread over
 * nodes and zones, each on a volume encrypted with the environment's key, the API keys read
 * from a Secret that never enters Terraform state, restricted pods, one peer down at a time, network
 * policies, and snapshots every night by a CronJob: written to the artifact bucket with the pod's own
 * identity (IRSA web identity, which Qdrant's S3 client reads from the environment) where the store has
 * an S3 API for workload identities, else kept on each peer's own encrypted snapshot volume (the newest
 * per collection: older ones are deleted so the volume cannot fill up).
 */
export class QdrantCluster extends Construct {
  readonly name: string;
  /** REST API: `http://<name>.<namespace>.svc:6333`. */
  readonly url: string;
  readonly grpcAddress: string;
  readonly apiKeySecretName: string;
  readonly replicationFactor: number;
  readonly release: PlinthHelmRelease<QdrantValues>;
  readonly storageClass: EncryptedStorageClass;
  /** Where snapshots go: the artifact bucket (S3 API), or each peer's encrypted snapshot volume. */
  readonly snapshotStorage: 'bucket' | 'volume';
  /** Give this to `Monitoring`'s `serviceMonitors`; undefined without `monitoring`. */
  readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: QdrantClusterProps) {
    super(scope, id);
    const where = `QdrantCluster ${this.node.path}`;
    const name = props.name ?? 'qdrant';
    const namespace = props.namespace.name;
    this.replicationFactor = props.replicationFactor ?? (props.replicas > 1 ? 2 : 1);
    this.snapshotStorage = props.artifacts.s3Api ? 'bucket' : 'volume';
    checkQdrantProps({ ...props, name, namespace, replicationFactor: this.replicationFactor, snapshotsToBucket: this.snapshotStorage === 'bucket' }, where);
    this.name = name;
    this.url = `http://${name}.${namespace}.svc:${QDRANT_PORTS.http}`;
    this.grpcAddress = `${name}.${namespace}.svc:${QDRANT_PORTS.grpc}`;
    this.apiKeySecretName = props.apiKeySecretName ?? `${name}-api-key`;
    const { inNamespace } = props.namespace;
    // The chart's selector labels (release name = fullname = name).
    const podLabels = { 'app.kubernetes.io/name': HELM_CHARTS.qdrant.chart, 'app.kubernetes.io/instance': name };
    const labels = componentLabels(name, QDRANT_IMAGE.tag);

    this.storageClass = new EncryptedStorageClass(this, 'StorageClass', { name: `${namespace}-${name}-encrypted`, volumeClass: props.volumeClass });
    const emit = (objectId: string, object: ConstructorParameters<typeof KubernetesObject>[2]) => new KubernetesObject(this, objectId, object, inNamespace);
    const snapshots = new QdrantSnapshotSchedule(this, 'SnapshotSchedule', {
      namespace: props.namespace,
      qdrant: name,
      replicas: props.replicas,
      apiKeySecretName: this.apiKeySecretName,
      apiKeyField: QDRANT_API_KEY_FIELDS.admin,
      schedule: props.snapshotSchedule ?? '0 3 * * *',
      // On a volume, snapshots are only deleted by someone: the schedule keeps the newest per collection.
      keepNewestOnly: this.snapshotStorage === 'volume',
    });
    const policies = [
      emit(
        'TrafficPolicy',
        qdrantPeerAndClientPolicy({ name, namespace, podLabels, labels, clientNamespaces: props.clientNamespaces ?? [namespace], prometheusNamespace: props.monitoring?.namespace, snapshotPodLabels: snapshots.podLabels }),
      ),
      // Snapshots go to S3, credentials come from STS: HTTPS to cloud APIs. On a volume, Qdrant reaches only its peers.
      ...(this.snapshotStorage === 'bucket' ? [emit('EgressPolicy', egressPolicy(name, namespace, podLabels, labels, { cloudApis: true }, where)!)] : []),
    ];

    this.release = new PlinthHelmRelease(this, 'Release', {
      chart: HELM_CHARTS.qdrant,
      namespace,
      releaseName: name,
      values: this.values(props, name, podLabels),
      // Peers need their policies to find each other, and their volumes' class.
      dependsOn: [...inNamespace.dependsOn, this.storageClass.resource.resource, ...policies.map((p) => p.resource)],
    });

    if (props.monitoring) {
      this.serviceMonitor = new ServiceMonitor({
        metadata: { name, namespace: props.monitoring.namespace, labels },
        spec: {
          // The chart's headless Service lists every peer once (its other Service selects the same pods).
          selector: { matchLabels: { ...podLabels, 'app.kubernetes.io/component': 'cluster-discovery' } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [
            {
              port: 'http',
              path: '/metrics',
              interval: '30s',
              // /metrics needs a key once one is set; the read-only key is enough.
              authorization: { type: 'Bearer', credentials: { name: props.monitoring.metricsSecretName ?? `${name}-metrics-key`, key: QDRANT_API_KEY_FIELDS.readOnly } },
            },
          ],
        },
      });
      validateOrExplain(this.serviceMonitor, `${where}: ServiceMonitor "${name}"`);
    }
  }

  /**
   * Where Qdrant writes snapshots: the bucket through its S3 client (credentials from the pod's web identity),
   * or its local snapshot directory, /qdrant/snapshots, on the encrypted snapshot volume.
   */
  private snapshotConfig(props: QdrantClusterProps): Pick<NonNullable<QdrantConfig['storage']>, 'snapshots_path' | 'snapshots_config'> {
    const { s3Api } = props.artifacts;
    if (!s3Api) return { snapshots_path: './snapshots', snapshots_config: { snapshots_storage: 'local' } };
    return {
      snapshots_path: `./${QDRANT_SNAPSHOT_PREFIX.replace(/\/$/, '')}`,
      snapshots_config: { snapshots_storage: 's3', s3_config: { bucket: props.artifacts.bucketName, region: s3Api.region } },
    };
  }

  private values(props: QdrantClusterProps, name: string, podLabels: Record<string, string>): QdrantValues {
    const fromSecret = (key: string) => ({ secretKeyRef: { name: this.apiKeySecretName, key, optional: false } });
    const seccompProfile = { type: 'RuntimeDefault' as const };
    return {
      fullnameOverride: name,
      replicaCount: props.replicas,
      image: { repository: QDRANT_IMAGE.repository, tag: QDRANT_IMAGE.tag, useUnprivilegedImage: true, pullPolicy: 'IfNotPresent' },
      // Environment rather than the chart's `apiKey`: its valueFrom copies the key into a chart-made Secret (and the release record).
      env: [
        { name: 'QDRANT__SERVICE__API_KEY', valueFrom: fromSecret(QDRANT_API_KEY_FIELDS.admin) },
        { name: 'QDRANT__SERVICE__READ_ONLY_API_KEY', valueFrom: fromSecret(QDRANT_API_KEY_FIELDS.readOnly) },
      ],
      config: {
        // Cluster mode even for one peer (the chart's default): peers can be added later without moving the data.
        cluster: { enabled: true, p2p: { port: QDRANT_PORTS.p2p, enable_tls: false }, consensus: { tick_period_ms: 100 } },
        storage: {
          ...this.snapshotConfig(props),
          collection: { replication_factor: this.replicationFactor, write_consistency_factor: 1 },
        },
        telemetry_disabled: true,
      },
      updateVolumeFsOwnership: false,
      containerSecurityContext: {
        runAsNonRoot: true,
        runAsUser: IMAGE_USER_ID,
        runAsGroup: IMAGE_USER_ID,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile,
      },
      podSecurityContext: { runAsNonRoot: true, fsGroup: IMAGE_USER_ID, fsGroupChangePolicy: 'OnRootMismatch', seccompProfile },
      resources: props.resources ?? DEFAULT_RESOURCES,
      serviceAccount: { annotations: { ...props.identity?.serviceAccountAnnotations } },
      ...(props.nodePool ? { nodeSelector: { 'plinth.dev/pool': props.nodePool.name } } : {}),
      // Two peers on one node would fall together: never (a pending peer makes the autoscaler add a node).
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: podLabels } }] } },
      // Zones as evenly as the pool allows; a peer's EBS volume keeps it in its first zone afterwards.
      topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: podLabels } }],
      persistence: { size: `${props.volumeGb}Gi`, storageClassName: this.storageClass.name, accessModes: ['ReadWriteOnce'] },
      ...(this.snapshotStorage === 'bucket'
        ? {
            snapshotPersistence: { enabled: false },
            // Only empty per-collection directories are made here (snapshots are built under storage/ and uploaded).
            additionalVolumes: [{ name: 'snapshot-staging', emptyDir: { sizeLimit: '1Gi' } }],
            additionalVolumeMounts: [{ name: 'snapshot-staging', mountPath: SNAPSHOT_STAGING }],
          }
        : {
            // The chart mounts it at /qdrant/snapshots: a snapshot of the peer's shards is at most their size.
            snapshotPersistence: { enabled: true, size: `${props.volumeGb}Gi`, storageClassName: this.storageClass.name, accessModes: ['ReadWriteOnce'] },
          }),
      // One peer down at a time: with 3 peers the Raft majority and a copy of every shard stay up.
      podDisruptionBudget: { enabled: true, maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      metrics: { serviceMonitor: { enabled: false } },
      readinessProbe: { enabled: true },
      // Loading large collections from disk may take minutes before the REST port answers.
      startupProbe: { enabled: true, failureThreshold: 60 },
      livenessProbe: { enabled: true },
      // Lets a peer finish in-flight writes and hand over leadership.
      terminationGracePeriodSeconds: 60,
    };
  }
}
