import type { Construct } from 'constructs';
import type { ArtifactStoreSpec, BudgetSpec, CacheSpec, CloudKit, ClusterSpec, ContinuousDeliverySpec, DatabaseSpec, EnvironmentContext, NetworkSpec, RegistrySpec } from '../kit';
import { GcsArtifactBucket } from './artifact-bucket';
import { GithubActionsIdentities } from './ci-identities';
import { ArtifactRegistry } from './container-registry';
import { BillingBudget } from './cost-budget';
import { GcpEncryptionKey } from './encryption-key';
import { GkeCluster } from './gke-cluster';
import { MemorystoreCache } from './redis-cache';
import { CloudSqlDatabase } from './postgres-database';
import { ProjectServices } from './project-services';
import { VertexModelRegistry } from './model-registry';
import { GcpNetwork } from './vpc-network';

export interface GcpKitProps {
  /** The project every resource of the environment lives in. */
  readonly project: string;
  readonly region: string;
  /** Names and protection of the environment the kit builds. */
  readonly context: EnvironmentContext;
  /** The environment's network, built the first time a capability needs one. */
  readonly network: NetworkSpec;
  /** Labels (already in GCP's form: lower-case keys and values) for what GCP launches on the platform's behalf. */
  readonly labels: Readonly<Record<string, string>>;
  /** Budgets count only costs carrying this label. */
  readonly costLabel: { readonly key: string; readonly value: string };
  /**
   * The billing account budgets are made in (`XXXXXX-XXXXXX-XXXXXX`).
   * @default - no budget can be made: budget() refuses, naming the config field
   */
  readonly billingAccount?: string;
}

/**
 * Builds each capability a blueprint asks for, for one environment, into one stack, with Plinth's
 * secure-by-default GCP constructs. Like the AWS kit it owns the environment's key (Cloud KMS) and network
 * (a custom-mode VPC), creates each on first use and wires them into everything it builds; it also enables
 * the project services (APIs) each capability needs, never disabling them on destroy.
 */
export class GcpKit implements CloudKit {
  readonly cloud = 'gcp';
  private ownKey?: GcpEncryptionKey;
  private ownNetwork?: GcpNetwork;
  private ownServices?: ProjectServices;

  constructor(
    private readonly scope: Construct,
    private readonly props: GcpKitProps,
  ) {}

  /** The project services (APIs) enabled by this stack: each construct asks for the ones it needs. */
  get services(): ProjectServices {
    this.ownServices ??= new ProjectServices(this.scope, 'Services', { project: this.props.project });
    return this.ownServices;
  }

  /** The environment's customer-managed key: everything at rest is encrypted with it. */
  get key(): GcpEncryptionKey {
    this.ownKey ??= new GcpEncryptionKey(this.scope, 'Key', {
      project: this.props.project,
      region: this.props.region,
      name: this.props.context.namePrefix,
      services: this.services,
      deletionProtection: this.props.context.deletionProtection,
    });
    return this.ownKey;
  }

  /** The environment's VPC, for the capabilities that live in one (database, cache, cluster). */
  get network(): GcpNetwork {
    const spec = this.props.network;
    this.ownNetwork ??= new GcpNetwork(this.scope, 'Network', {
      project: this.props.project,
      name: this.props.context.namePrefix,
      region: this.props.region,
      services: this.services,
      cidr: spec.cidr,
      flowLogRetentionDays: spec.flowLogRetentionDays,
    });
    return this.ownNetwork;
  }

  artifactStore(id: string, spec: ArtifactStoreSpec): GcsArtifactBucket {
    return new GcsArtifactBucket(this.scope, id, {
      project: this.props.project,
      region: this.props.region,
      namePrefix: this.props.context.namePrefix,
      key: this.key,
      services: this.services,
      noncurrentTransitionDays: spec.noncurrentTransitionDays,
      noncurrentExpirationDays: spec.noncurrentExpirationDays,
      forceDestroy: !this.props.context.deletionProtection,
      labels: this.props.labels,
    });
  }

  metadataDatabase(id: string, spec: DatabaseSpec): CloudSqlDatabase {
    return new CloudSqlDatabase(this.scope, id, {
      project: this.props.project,
      region: this.props.region,
      name: `${this.props.context.namePrefix}-metadata`,
      network: this.network,
      key: this.key,
      services: this.services,
      tier: spec.instanceClass,
      diskSizeGb: spec.allocatedStorageGb,
      maxDiskSizeGb: spec.maxAllocatedStorageGb,
      backupRetentionDays: spec.backupRetentionDays,
      highlyAvailable: spec.highlyAvailable,
      deletionProtection: this.props.context.deletionProtection,
      labels: this.props.labels,
    });
  }

  onlineCache(id: string, spec: CacheSpec): MemorystoreCache {
    const name = `${this.props.context.namePrefix}-cache`;
    const existing = this.scope.node.children.find((child): child is MemorystoreCache => child instanceof MemorystoreCache);
    if (existing) {
      throw new Error(`${this.scope.node.path}: onlineCache("${id}") asks for a second online cache; ${existing.node.path} is already ${name}, and an environment has one`);
    }
    return new MemorystoreCache(this.scope, id, {
      project: this.props.project,
      region: this.props.region,
      name,
      network: this.network,
      key: this.key,
      services: this.services,
      tier: spec.nodeType,
      highlyAvailable: spec.highlyAvailable,
      replicas: spec.replicas,
      deletionProtection: this.props.context.deletionProtection,
      // Memorystore's daily backups are what ElastiCache's daily snapshots are on AWS.
      backupRetentionDays: spec.snapshotRetentionDays,
      labels: this.props.labels,
    });
  }

  containerRegistry(id: string, spec: RegistrySpec): ArtifactRegistry {
    return new ArtifactRegistry(this.scope, id, {
      project: this.props.project,
      region: this.props.region,
      namePrefix: this.props.context.namePrefix,
      services: spec.services,
      key: this.key,
      projectServices: this.services,
      labels: this.props.labels,
    });
  }

  kubernetesCluster(id: string, spec: ClusterSpec): GkeCluster {
    return new GkeCluster(this.scope, id, {
      project: this.props.project,
      region: this.props.region,
      name: this.props.context.namePrefix,
      network: this.network,
      key: this.key,
      services: this.services,
      version: spec.version,
      publicAccessCidrs: spec.publicAccessCidrs,
      deletionProtection: this.props.context.deletionProtection,
      labels: this.props.labels,
    });
  }

  modelRegistryMirror(id: string): VertexModelRegistry {
    return new VertexModelRegistry(this.scope, id, { project: this.props.project, region: this.props.region, services: this.services });
  }

  budget(id: string, spec: BudgetSpec): void {
    if (this.props.billingAccount === undefined) {
      throw new Error(`${this.scope.node.path}: budget("${id}") needs the billing account: set cloud.billingAccount in platform.yaml (XXXXXX-XXXXXX-XXXXXX)`);
    }
    new BillingBudget(this.scope, id, {
      project: this.props.project,
      billingAccount: this.props.billingAccount,
      name: `${this.props.context.namePrefix}-monthly`,
      monthlyUsd: spec.monthlyUsd,
      alertEmails: spec.alertEmails,
      thresholdsPercent: spec.alertThresholdsPercent,
      costLabel: this.props.costLabel,
      services: this.services,
    });
  }

  /** Previews share the project, whose roles are project-wide: `spec.previewPatterns` needs nothing more here. */
  continuousDelivery(id: string, spec: ContinuousDeliverySpec): GithubActionsIdentities {
    return new GithubActionsIdentities(this.scope, id, {
      project: this.props.project,
      namePrefix: this.props.context.namePrefix,
      repository: spec.repository,
      githubEnvironment: spec.githubEnvironment,
      state: spec.state,
      services: this.services,
    });
  }
}
