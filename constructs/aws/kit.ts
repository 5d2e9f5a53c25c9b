import type { Construct } from 'constructs';
import type { ArtifactStoreSpec, BudgetSpec, CacheSpec, CloudKit, ClusterSpec, ContinuousDeliverySpec, DatabaseSpec, EnvironmentContext, NetworkSpec, RegistrySpec } from '../kit';
import { ArtifactBucket } from './artifact-bucket';
import { GithubActionsRoles } from './ci-roles';
import { EcrRegistry } from './container-registry';
import { CostBudget } from './cost-budget';
import { EksCluster } from './eks-cluster';
import { AwsEncryptionKey } from './encryption-key';
import { ModelPackageGroup } from './model-package-group';
import { PostgresDatabase } from './postgres-database';
import { RedisCache } from './redis-cache';
import { VpcNetwork } from './vpc-network';

export interface AwsKitProps {
  readonly region: string;
  /** Names and protection of the environment the kit builds. */
  readonly context: EnvironmentContext;
  /** The environment's network, built the first time a capability needs one. */
  readonly network: NetworkSpec;
  /**
   * Account id for resources that take it explicitly (budgets).
   * @default - the provider's account
   */
  readonly accountId?: string;
  /** Tags for what AWS launches on the platform's behalf (node instances and volumes). */
  readonly tags: Readonly<Record<string, string>>;
  /** Budgets count only costs carrying this tag. */
  readonly costTag: { readonly key: string; readonly value: string };
}

/**
 * Builds each capability a blueprint asks for, for one environment, into one stack, with Plinth's
 * secure-by-default AWS constructs. It owns the environment's KMS key and VPC, creates each on first
 * use and wires them into everything it builds, so a blueprint never handles either.
 */
export class AwsKit implements CloudKit {
  readonly cloud = 'aws';
  private ownKey?: AwsEncryptionKey;
  private ownNetwork?: VpcNetwork;

  constructor(
    private readonly scope: Construct,
    private readonly props: AwsKitProps,
  ) {}

  /** The environment's customer-managed key: everything at rest is encrypted with it. */
  get key(): AwsEncryptionKey {
    this.ownKey ??= new AwsEncryptionKey(this.scope, 'Key', {
      alias: `plinth/${this.props.context.namePrefix}`,
      region: this.props.region,
      description: `Plinth ${this.props.context.namePrefix}: data at rest`,
      deletionWindowDays: this.props.context.deletionProtection ? 30 : 7,
    });
    return this.ownKey;
  }

  /** The environment's VPC, for the capabilities that live in one (database, cluster). */
  get network(): VpcNetwork {
    const spec = this.props.network;
    this.ownNetwork ??= new VpcNetwork(this.scope, 'Network', {
      name: this.props.context.namePrefix,
      region: this.props.region,
      key: this.key,
      cidr: spec.cidr,
      zoneCount: spec.zoneCount,
      natPerZone: spec.natPerZone,
      flowLogRetentionDays: spec.flowLogRetentionDays,
    });
    return this.ownNetwork;
  }

  artifactStore(id: string, spec: ArtifactStoreSpec): ArtifactBucket {
    return new ArtifactBucket(this.scope, id, {
      namePrefix: this.props.context.namePrefix,
      key: this.key,
      region: this.props.region,
      noncurrentTransitionDays: spec.noncurrentTransitionDays,
      noncurrentExpirationDays: spec.noncurrentExpirationDays,
      forceDestroy: !this.props.context.deletionProtection,
    });
  }

  metadataDatabase(id: string, spec: DatabaseSpec): PostgresDatabase {
    return new PostgresDatabase(this.scope, id, {
      identifier: `${this.props.context.namePrefix}-metadata`,
      network: this.network,
      key: this.key,
      instanceClass: spec.instanceClass,
      allocatedStorageGb: spec.allocatedStorageGb,
      maxAllocatedStorageGb: spec.maxAllocatedStorageGb,
      backupRetentionDays: spec.backupRetentionDays,
      multiAz: spec.highlyAvailable,
      deletionProtection: this.props.context.deletionProtection,
    });
  }

  /** The environment's Valkey replication group, `<namePrefix>-cache`: its name is unique per account and region, so one per kit. */
  onlineCache(id: string, spec: CacheSpec): RedisCache {
    const name = `${this.props.context.namePrefix}-cache`;
    const existing = this.scope.node.children.find((child): child is RedisCache => child instanceof RedisCache);
    if (existing) {
      throw new Error(`${this.scope.node.path}: onlineCache("${id}") asks for a second online cache; ${existing.node.path} is already ${name}, and an environment has one`);
    }
    return new RedisCache(this.scope, id, {
      name,
      network: this.network,
      key: this.key,
      nodeType: spec.nodeType,
      // spec.replicas is not passed: the replication group keeps one replica exactly when highly available.
      highlyAvailable: spec.highlyAvailable,
      snapshotRetentionDays: spec.snapshotRetentionDays,
      deletionProtection: this.props.context.deletionProtection,
    });
  }

  containerRegistry(id: string, spec: RegistrySpec): EcrRegistry {
    return new EcrRegistry(this.scope, id, {
      namePrefix: this.props.context.namePrefix,
      services: spec.services,
      key: this.key,
      forceDelete: !this.props.context.deletionProtection,
    });
  }

  kubernetesCluster(id: string, spec: ClusterSpec): EksCluster {
    return new EksCluster(this.scope, id, {
      name: this.props.context.namePrefix,
      region: this.props.region,
      network: this.network,
      key: this.key,
      version: spec.version,
      publicAccessCidrs: spec.publicAccessCidrs,
      logRetentionDays: spec.logRetentionDays,
      nodeTags: this.props.tags,
    });
  }

  modelRegistryMirror(id: string): ModelPackageGroup {
    return new ModelPackageGroup(this.scope, id, { name: `${this.props.context.namePrefix}-models` });
  }

  budget(id: string, spec: BudgetSpec): void {
    new CostBudget(this.scope, id, {
      name: `${this.props.context.namePrefix}-monthly`,
      monthlyUsd: spec.monthlyUsd,
      alertEmails: spec.alertEmails,
      thresholdsPercent: spec.alertThresholdsPercent,
      costTag: this.props.costTag,
      accountId: this.props.accountId,
    });
  }

  continuousDelivery(id: string, spec: ContinuousDeliverySpec): GithubActionsRoles {
    return new GithubActionsRoles(this.scope, id, {
      namePrefix: this.props.context.namePrefix,
      region: this.props.region,
      repository: spec.repository,
      githubEnvironment: spec.githubEnvironment,
      state: spec.state,
      previewPatterns: spec.previewPatterns,
      oidcProvider: spec.identityProvider,
    });
  }
}
