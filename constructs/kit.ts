import type { Construct } from 'constructs';

/**
 * The small, cloud-neutral interfaces blueprints compose. A blueprint decides which capabilities an
 * environment gets and how big they are; a cloud kit (constructs/aws, later constructs/gcp) decides
 * how each is built, securely. Blueprints never ask "which cloud?".
 *
 * The kit's own types flow back into it through the type parameters, so wiring an AWS key into a
 * GCP database fails at compile time, not at apply time.
 */

/** A customer-managed encryption key for data at rest. */
export interface EncryptionKey {
  /** Cloud identifier of the key (ARN on AWS). */
  readonly keyId: string;
}

/** A private network spread over several zones. */
export interface Network {
  readonly networkId: string;
  /** Zones the private subnets span. */
  readonly zoneCount: number;
}

/** Object storage for datasets, model artifacts and the Triton model repository. */
export interface ArtifactStore {
  /** URI clients use, e.g. `s3://bucket`. */
  readonly uri: string;
  readonly bucketName: string;
}

/** The PostgreSQL database behind tracking, registry and drift reports. */
export interface MetadataDatabase {
  readonly endpoint: string;
  readonly port: number;
  readonly databaseName: string;
}

/** Container image repositories for Plinth's services. */
export interface ContainerRegistry {
  /** Repository URL per service name. */
  readonly repositoryUrls: Readonly<Record<string, string>>;
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

/** A managed Kubernetes cluster. */
export interface KubernetesCluster {
  readonly access: ClusterAccess;
}

/** The cloud's model registry, mirrored by the promotion gates. */
export interface ModelRegistryMirror {
  readonly registryName: string;
}

/** What every kit-made resource needs to know about the environment it belongs to. */
export interface EnvironmentContext {
  /** `<platform>-<environment>`: the prefix of every resource name. */
  readonly namePrefix: string;
  /** Protect stateful resources (database, buckets, keys) from deletion. */
  readonly deletionProtection: boolean;
}

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
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly backupRetentionDays: number;
  /** A standby in another zone. */
  readonly highlyAvailable: boolean;
}

export interface NodePoolSpec {
  readonly instanceType: string;
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

export interface ClusterSpec {
  readonly version: string;
  /** Networks allowed to reach a public API endpoint; empty keeps the endpoint private. */
  readonly publicAccessCidrs: readonly string[];
  readonly systemNodes: NodePoolSpec;
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

/** A spec plus the kit's own key. */
export type Encrypted<TKey, TSpec> = TSpec & { readonly key: TKey };
/** A spec plus the kit's own key and network. */
export type Networked<TKey, TNetwork, TSpec> = TSpec & { readonly key: TKey; readonly network: TNetwork };

/** One cloud's way of building each capability. */
export interface CloudKit<TKey extends EncryptionKey = EncryptionKey, TNetwork extends Network = Network> {
  readonly cloud: string;
  encryptionKey(scope: Construct, id: string, env: EnvironmentContext): TKey;
  network(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<TKey, NetworkSpec>): TNetwork;
  artifactStore(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<TKey, ArtifactStoreSpec>): ArtifactStore;
  metadataDatabase(scope: Construct, id: string, env: EnvironmentContext, spec: Networked<TKey, TNetwork, DatabaseSpec>): MetadataDatabase;
  containerRegistry(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<TKey, RegistrySpec>): ContainerRegistry;
  kubernetesCluster(scope: Construct, id: string, env: EnvironmentContext, spec: Networked<TKey, TNetwork, ClusterSpec>): KubernetesCluster;
  modelRegistryMirror(scope: Construct, id: string, env: EnvironmentContext): ModelRegistryMirror;
  budget(scope: Construct, id: string, env: EnvironmentContext, spec: BudgetSpec): void;
}
