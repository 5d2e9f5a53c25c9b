/**
 * The small, cloud-neutral interfaces blueprints compose. A blueprint decides which capabilities an
 * environment gets and how big they are; a cloud kit (constructs/aws, later constructs/gcp) decides
 * how each is built, securely. Blueprints never ask "which cloud?".
 *
 * A kit is made for one environment and owns that environment's encryption key and network: it
 * creates them on first use and wires them into everything it builds, so a blueprint cannot pass a
 * key or network of the wrong kind. Handles a kit returns carry grant methods, aws-cdk style: the
 * owner of a resource writes the least-privilege policy for whoever it grants access to. A grant to a
 * grantee made by another kit is refused at construction with an error naming both.
 */

/** Who a grant is for: a workload identity or a node pool, made by a kit. */
export interface Grantee {
  /** The kit that made it (`aws`, `gcp`): a resource of another kit refuses to grant to it. */
  readonly cloud: string;
  /** What it is, for error messages: `workload identity tracking (plinth/tracking)`. */
  readonly description: string;
}

/**
 * A Kubernetes service account bound to its own cloud identity (EKS: IAM roles for service accounts;
 * GKE: Workload Identity). Made in the foundation stack; the workloads stack creates the service
 * account with these names and annotations, and pods running as it get only what was granted.
 */
export interface WorkloadIdentity extends Grantee {
  readonly namespace: string;
  readonly serviceAccountName: string;
  /** Annotations the service account needs for the binding (IRSA: `eks.amazonaws.com/role-arn`). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

/** A customer-managed encryption key for data at rest. */
export interface EncryptionKey {
  /** Cloud identifier of the key (ARN on AWS). */
  readonly keyId: string;
  /** Lets `grantee` encrypt and decrypt with the key (data keys included). */
  grantEncryptDecrypt(grantee: Grantee): void;
}

/** Object storage for datasets, model artifacts and the Triton model repository. */
export interface ArtifactStore {
  /** URI clients use, e.g. `s3://bucket`. */
  readonly uri: string;
  readonly bucketName: string;
  /**
   * Lets `grantee` list and read objects under `prefix` (`tracking/`), decrypting with the key.
   * @param prefix - a key prefix ending in `/`; the whole store when omitted
   */
  grantRead(grantee: Grantee, prefix?: string): void;
  /** As grantRead, and write and delete objects under `prefix`, encrypting with the key. */
  grantReadWrite(grantee: Grantee, prefix?: string): void;
  /**
   * Present when workloads reach the store through the S3 API with their workload identity's own short-lived
   * credentials (S3 with IRSA): what S3 clients that are not the cloud's SDK (Qdrant's snapshot upload) need.
   * Absent on GCS, whose S3 interoperability takes HMAC keys, long-lived secrets Plinth does not create.
   * @default - no S3 API for workload identities
   */
  readonly s3Api?: { readonly region: string };
}

/**
 * How a workload that was granted `grantConnect` logs in: what Plinth's services take as `--database-url` and
 * `--database-iam-auth`, and the user the database bootstrap job gives the service's database to.
 */
export interface DatabaseLogin {
  /** The database user it logs in as (RDS: the role asked for; Cloud SQL: its service account's IAM user). */
  readonly user: string;
  /** Whose IAM tokens replace the password (`--database-iam-auth`). */
  readonly iamAuth: 'aws' | 'gcp';
  /** `--database-url` for one of the server's databases: no password, verified TLS. */
  url(database: string): string;
}

/** The PostgreSQL server behind tracking, registry and drift. */
export interface MetadataDatabase {
  /** Host name clients connect to (TLS required). */
  readonly endpoint: string;
  readonly port: number;
  /** The database created with the server; each service gets its own database from the bootstrap job. */
  readonly databaseName: string;
  /** Where the cloud keeps the administrator's generated credentials (a secret ARN on AWS): a reference, never the value. */
  readonly adminSecretId: string;
  /**
   * The `database bootstrap` arguments that name this server and where its administrator's login is kept, which the
   * bootstrap Job passes as they are: AWS `--admin-secret <secret ARN> --host <endpoint> --port 5432`; GCP `--cloud gcp
   * --instance <project:region:instance> --admin-secret projects/<p>/secrets/<name>` (through Google's connector).
   */
  readonly bootstrapServerArgs: readonly string[];
  /**
   * Lets `grantee` log in as `dbUser` with IAM database authentication (short-lived tokens, no password), and says
   * how. On Cloud SQL an IAM user is named after the grantee's service account, so the login's user is that name.
   */
  grantConnect(grantee: Grantee, dbUser: string): DatabaseLogin;
  /** Lets `grantee` read the administrator's credentials: only the job that creates each service's database role. */
  grantAdminCredentials(grantee: Grantee): void;
}

/**
 * A Redis-protocol key-value store for online features (Feast's online store), reached with TLS and
 * cloud IAM authentication: short-lived tokens, no password anywhere.
 */
export interface OnlineCache {
  /** Host name of the primary (writes and reads). */
  readonly host: string;
  readonly port: number;
  /** Always true: clients connect with TLS (`rediss://`), plain connections are refused. */
  readonly tls: true;
  /** The cache's name, which IAM authentication tokens are signed for (the replication group id on AWS). */
  readonly cacheName: string;
  /**
   * How a workload proves its identity to the cache, so that clients (the feature store's Python hook) know what
   * to send as the AUTH password: `aws-iam`, a SigV4-presigned `connect` request signed for `cacheName` and the
   * user grantConnect returned (ElastiCache); `gcp-iam`, the workload's Google OAuth access token (Memorystore).
   */
  readonly authentication: 'aws-iam' | 'gcp-iam';
  /**
   * The cache speaks the Redis Cluster protocol: clients start from `host` and follow the shards it names
   * (Feast's `redis_type: redis_cluster`). False for a single primary with replicas (Feast's `redis`).
   */
  readonly clusterMode: boolean;
  /**
   * PEM certificate of the private CA the cache's TLS certificates chain to, which clients must verify them with.
   * @default - the certificates chain to a public CA in the system trust store (ElastiCache)
   */
  readonly caCertificate?: string;
  /**
   * Ports clients reach the cache's nodes on besides `port` (a Redis Cluster's data nodes, whose addresses the
   * discovery endpoint hands out): network policies must let clients out to them too.
   * @default - none: `port` only
   */
  readonly nodePorts?: { readonly from: number; readonly to: number };
  /**
   * Lets `grantee` connect as `user` with IAM authentication, creating that cache user on first use.
   * @param user - lower-case letters, digits and single hyphens (`feast`)
   * @returns the user name the workload authenticates as (environment-prefixed: `acme-prod-cache-feast`)
   */
  grantConnect(grantee: Grantee, user: string): string;
}

/** Container image repositories for Plinth's services. */
export interface ContainerRegistry {
  /** Repository URL per service name. */
  readonly repositoryUrls: Readonly<Record<string, string>>;
  /** Lets `grantee` (a node pool: the kubelet pulls images) pull from every repository. */
  grantPull(grantee: Grantee): void;
}

/** How Terraform's Kubernetes and Helm providers reach and authenticate to a cluster. */
export interface ClusterAccess {
  readonly clusterName: string;
  /** API server URL. */
  readonly host: string;
  /** Base64-encoded PEM certificate authority of the API server. */
  readonly caCertificateBase64: string;
  /** A client-go credential plugin that prints a short-lived token: no long-lived secret in state. */
  readonly exec: { readonly apiVersion: string; readonly command: string; readonly args: readonly string[] };
}

/** A Kubernetes taint that keeps other pods off a node pool. */
export interface NodeTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A group of nodes a blueprint asks the cluster for. */
export interface NodePoolSpec {
  /** Instance types (AWS) or machine types (GCP), cheapest first; several let spot capacity find room. */
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** @default "on-demand" */
  readonly capacity?: 'on-demand' | 'spot';
  /**
   * Spot pools only: the kit adds an on-demand twin of the pool (same instance types, labels and
   * taints, from 0 to `maxSize` nodes) that the node autoscaler grows only when spot cannot, so pods
   * still get nodes when spot capacity runs out. `cluster.nodeGroupPriorities()` says which comes first.
   * @default false
   */
  readonly spotFallbackToOnDemand?: boolean;
  /** Node labels, besides `plinth.dev/pool: <id>`. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly taints?: readonly NodeTaint[];
  /**
   * Accelerators every node of the pool carries. A GPU pool runs the cloud's GPU image, is tainted
   * `nvidia.com/gpu=present:NoSchedule` (only pods that tolerate it land there) and labelled with its
   * accelerator; every instance type must have a GPU.
   * @default - no accelerator: a CPU pool
   */
  readonly accelerator?: NodeAccelerator;
}

/** The accelerator of a GPU node pool. */
export interface NodeAccelerator {
  /** NVIDIA GPUs, exposed to pods as the `nvidia.com/gpu` resource by the NVIDIA device plugin. */
  readonly kind: 'nvidia';
}

/**
 * What every node of a pool with an accelerator carries, whatever the cloud: the kits put these on the
 * nodes, and workloads meant for them select the labels and tolerate the taint.
 */
export const ACCELERATOR_NODES: Readonly<Record<NodeAccelerator['kind'], { readonly labels: Readonly<Record<string, string>>; readonly taint: NodeTaint }>> = {
  // `nvidia.com/gpu.present` is the label NVIDIA's device plugin chart requires of a node (its default affinity).
  nvidia: { labels: { 'plinth.dev/accelerator': 'nvidia', 'nvidia.com/gpu.present': 'true' }, taint: { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' } },
};

/**
 * Which node groups a node autoscaler grows first when several fit a pending pod: patterns (RE2
 * regular expressions, the cluster autoscaler's `priority` expander) of the groups' cloud names, by
 * priority, highest first. The expander leaves out a group no pattern matches, so kits include a
 * catch-all for every group that has no preference.
 */
export type NodeGroupPriorities = Readonly<Record<number, readonly string[]>>;

/** A node pool: its nodes pull images, so it is the grantee of registry pulls. */
export interface NodePool extends Grantee {
  readonly name: string;
}

/**
 * A cluster add-on a cloud may run itself: `metrics-server` (the resource metrics the pod autoscalers read),
 * `node-autoscaler` (grows and shrinks the node pools, GPU pools from zero), `nvidia-device-plugin` (the NVIDIA
 * driver and the `nvidia.com/gpu` resource on GPU nodes).
 */
export type ManagedAddon = 'metrics-server' | 'node-autoscaler' | 'nvidia-device-plugin';

/**
 * What a StorageClass of volumes encrypted with the environment's key names: the cloud's block-storage CSI
 * driver and its parameters (EBS: `type`, `encrypted`, `kmsKeyId`; Persistent Disk: `type`,
 * `disk-encryption-kms-key`).
 */
export interface EncryptedVolumeClass {
  readonly provisioner: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** A managed Kubernetes cluster. Node pools and workload identities are requested, not built in. */
export interface KubernetesCluster {
  readonly access: ClusterAccess;
  /** Environment variables every pod calling the cloud's APIs needs (AWS: the region for the SDKs). */
  readonly podEnvironment: Readonly<Record<string, string>>;
  /**
   * Addresses pods must reach to get their workload identity's tokens, which a namespace's default-deny egress would
   * block: GKE's metadata server (Workload Identity); none on EKS (IRSA's token is projected into the pod).
   */
  readonly identityEndpoints: readonly { readonly cidr: string; readonly port: number }[];
  /**
   * Cluster add-ons the cloud runs itself, which the workloads must then not install (EKS: none; GKE: all, the
   * NVIDIA driver and device plugin on GPU pools included).
   */
  readonly managedAddons: readonly ManagedAddon[];
  /** Adds a pool of nodes labelled `plinth.dev/pool: <name>`. */
  addNodePool(name: string, spec: NodePoolSpec): NodePool;
  /** A cloud identity for pods running as service account `namespace/serviceAccountName`, with no permissions until granted. */
  addWorkloadIdentity(namespace: string, serviceAccountName: string): WorkloadIdentity;
  /** Lets `grantee` (a node autoscaler's workload identity) resize this cluster's node pools, and no other. */
  grantNodeAutoscaling(grantee: Grantee): void;
  /**
   * Lets the `ci` capability's roles reach the Kubernetes API: the deploy role as cluster administrator, the plan
   * role as a viewer that cannot read Secrets. Refuses roles another kit made.
   */
  grantContinuousDelivery(roles: ContinuousDeliveryRoles): void;
  /**
   * The order a node autoscaler should grow this cluster's pools in, read after every pool is added:
   * spot before its on-demand fallback. Undefined when no pool falls back, so any fitting pool will do.
   */
  nodeGroupPriorities(): NodeGroupPriorities | undefined;
  /**
   * Persistent volumes for stateful workloads (the vector database), encrypted with the environment's
   * key: the cloud's block-storage driver with its own identity. Call after adding the node pools its
   * controller may run on. Idempotent.
   */
  enableEncryptedVolumes(): void;
  /**
   * The provisioner and parameters of a StorageClass whose volumes are encrypted with the environment's key.
   * Throws unless enableEncryptedVolumes was called: the driver and the key's grant come with it.
   */
  encryptedVolumeClass(): EncryptedVolumeClass;
}

/** The cloud's model registry, mirrored by the promotion gates. */
export interface ModelRegistryMirror {
  /** The registry's name, which the gates are given (`--model-package-group` on AWS). */
  readonly registryName: string;
  /**
   * Why the promotion gates do not mirror their decisions into this registry, for the blueprint's output.
   * @default - they do: every decision is mirrored
   */
  readonly notMirroredBecause?: string;
  /**
   * Lets `grantee` (the gates' workload identity) register model versions in this registry, update
   * their approval and metadata, and read them back: nothing else in the cloud's registry.
   */
  grantPublish(grantee: Grantee): void;
}

/** What every kit-made resource needs to know about the environment it belongs to. */
export interface EnvironmentContext {
  /** `<platform>-<environment>`: the prefix of every resource name. */
  readonly namePrefix: string;
  /** Protect stateful resources (database, buckets, keys) from deletion. */
  readonly deletionProtection: boolean;
}

/** The environment's network: the kit builds it on first use from this spec. */
export interface NetworkSpec {
  /** IPv4 range of the network. */
  readonly cidr: string;
  readonly zoneCount: number;
  /** One NAT gateway per zone (survives a zone failure) instead of a single shared one. */
  readonly natPerZone: boolean;
  readonly flowLogRetentionDays: number;
}

export interface ArtifactStoreSpec {
  readonly noncurrentTransitionDays: number;
  readonly noncurrentExpirationDays: number;
}

export interface DatabaseSpec {
  /** Cloud-specific: an RDS instance class on AWS, a Cloud SQL tier on GCP. */
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly backupRetentionDays: number;
  /** A standby in another zone. */
  readonly highlyAvailable: boolean;
}

export interface CacheSpec {
  /** Cloud-specific: an ElastiCache node type on AWS (`cache.t4g.small`). */
  readonly nodeType: string;
  /** A replica in another zone with automatic failover. */
  readonly highlyAvailable: boolean;
  /** Days of daily snapshots kept (at least 1). */
  readonly snapshotRetentionDays: number;
  /**
   * Read replicas of the online store (the config's `featureStore.replicas`): per shard on GCP (0-2, Memorystore for
   * Redis Cluster's limit). The AWS kit keeps its own count: one replica exactly when `highlyAvailable`.
   */
  readonly replicas: number;
}

export interface ClusterSpec {
  readonly version: string;
  /** Networks allowed to reach a public API endpoint; empty keeps the endpoint private. */
  readonly publicAccessCidrs: readonly string[];
  readonly logRetentionDays: number;
}

export interface RegistrySpec {
  /** One repository per service name. */
  readonly services: readonly string[];
}

export interface BudgetSpec {
  readonly monthlyUsd: number;
  readonly alertEmails: readonly string[];
  /** Percentages of the budget at which to alert. */
  readonly alertThresholdsPercent: readonly number[];
}

/** Where Terraform keeps one environment's state: what its CI roles read (plan) and write (deploy). */
export type StateLocation =
  | {
      readonly type: 's3';
      readonly bucket: string;
      /** Key prefixes of the state objects (`acme/dev`), each without a trailing `/`: the environment's, and its previews'. */
      readonly keyPrefixes: readonly string[];
      readonly region: string;
      /** DynamoDB table of Terraform's state lock. */
      readonly lockTable: string;
    }
  | {
      readonly type: 'gcs';
      readonly bucket: string;
      /** Object prefixes of the state (`acme/dev`), each without a trailing `/`: the environment's, and its previews' (`acme/pr-*`, a `*` only at the end). */
      readonly prefixes: readonly string[];
    };

/**
 * Who may plan and deploy one environment from GitHub Actions (the `ci` capability): roles that
 * GitHub's OIDC tokens are exchanged for, so no long-lived key is stored anywhere.
 */
export interface ContinuousDeliverySpec {
  /** `owner/repo`, spelled as GitHub does: the OIDC subject names it and the clouds compare it case-sensitively. */
  readonly repository: string;
  /** The GitHub environment deploys run in, whose reviewers guard them: the Plinth environment's name. */
  readonly githubEnvironment: string;
  readonly state: StateLocation;
  /**
   * Glob patterns (`acme-pr-*`) of the `namePrefix` of previews made from this environment: they deploy through
   * its GitHub environment, hence with its deploy role, which then manages their resources too.
   * @default - the environment's own resources only
   */
  readonly previewPatterns?: readonly string[];
  /**
   * AWS: the account's one IAM OIDC provider for GitHub: `create` it in this stack, look up an `existing`
   * one, or use the one with this ARN. Ignored on GCP, where each environment has its own pool.
   * @default "create"
   */
  readonly identityProvider?: 'create' | 'existing' | string;
}

/** The roles the `ci` capability made: what the GitHub side is given (README, "CI roles"). */
export interface ContinuousDeliveryRoles {
  /** Read-only role pull requests plan with (AWS role ARN, GCP service account email). */
  readonly planRole: string;
  /** Role the environment's deploys apply with (AWS role ARN, GCP service account email). */
  readonly deployRole: string;
  /**
   * GCP: the Workload Identity provider's full resource name, which google-github-actions/auth takes.
   * @default - none: AWS exchanges the token with STS directly
   */
  readonly workloadIdentityProvider?: string;
}

/**
 * One cloud's way of building each capability, for one environment, into the scope it was made for
 * (the environment's foundation stack). `id`s are construct ids under that scope.
 */
export interface CloudKit {
  readonly cloud: string;
  /** The environment's key, created on first use. */
  readonly key: EncryptionKey;
  artifactStore(id: string, spec: ArtifactStoreSpec): ArtifactStore;
  metadataDatabase(id: string, spec: DatabaseSpec): MetadataDatabase;
  /** The online feature store's cache; one per environment. */
  onlineCache(id: string, spec: CacheSpec): OnlineCache;
  containerRegistry(id: string, spec: RegistrySpec): ContainerRegistry;
  kubernetesCluster(id: string, spec: ClusterSpec): KubernetesCluster;
  modelRegistryMirror(id: string): ModelRegistryMirror;
  budget(id: string, spec: BudgetSpec): void;
  /** GitHub Actions' plan and deploy roles for this environment (the `ci` capability). */
  continuousDelivery(id: string, spec: ContinuousDeliverySpec): ContinuousDeliveryRoles;
}
