import type { Construct } from 'constructs';
import type { ArtifactStoreSpec, BudgetSpec, CloudKit, ClusterSpec, DatabaseSpec, Encrypted, EnvironmentContext, Networked, NetworkSpec, RegistrySpec } from '../kit';
import { ArtifactBucket } from './artifact-bucket';
import { EcrRegistry } from './container-registry';
import { CostBudget } from './cost-budget';
import { EksCluster } from './eks-cluster';
import { EksNodePool } from './eks-node-pool';
import { AwsEncryptionKey } from './encryption-key';
import { ModelPackageGroup } from './model-package-group';
import { PostgresDatabase } from './postgres-database';
import { VpcNetwork } from './vpc-network';

export interface AwsKitProps {
  readonly region: string;
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

/** Builds each capability a blueprint asks for with Plinth's secure-by-default AWS constructs. */
export class AwsKit implements CloudKit<AwsEncryptionKey, VpcNetwork> {
  readonly cloud = 'aws';

  constructor(private readonly props: AwsKitProps) {}

  encryptionKey(scope: Construct, id: string, env: EnvironmentContext): AwsEncryptionKey {
    return new AwsEncryptionKey(scope, id, {
      alias: `plinth/${env.namePrefix}`,
      region: this.props.region,
      description: `Plinth ${env.namePrefix}: data at rest`,
      deletionWindowDays: env.deletionProtection ? 30 : 7,
    });
  }

  network(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<AwsEncryptionKey, NetworkSpec>): VpcNetwork {
    return new VpcNetwork(scope, id, {
      name: env.namePrefix,
      region: this.props.region,
      key: spec.key,
      cidr: spec.cidr,
      zoneCount: spec.zoneCount,
      natPerZone: spec.natPerZone,
      flowLogRetentionDays: spec.flowLogRetentionDays,
    });
  }

  artifactStore(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<AwsEncryptionKey, ArtifactStoreSpec>): ArtifactBucket {
    return new ArtifactBucket(scope, id, {
      namePrefix: env.namePrefix,
      key: spec.key,
      noncurrentTransitionDays: spec.noncurrentTransitionDays,
      noncurrentExpirationDays: spec.noncurrentExpirationDays,
      forceDestroy: !env.deletionProtection,
    });
  }

  metadataDatabase(scope: Construct, id: string, env: EnvironmentContext, spec: Networked<AwsEncryptionKey, VpcNetwork, DatabaseSpec>): PostgresDatabase {
    return new PostgresDatabase(scope, id, {
      identifier: `${env.namePrefix}-metadata`,
      network: spec.network,
      key: spec.key,
      instanceClass: spec.instanceClass,
      allocatedStorageGb: spec.allocatedStorageGb,
      maxAllocatedStorageGb: spec.maxAllocatedStorageGb,
      backupRetentionDays: spec.backupRetentionDays,
      multiAz: spec.highlyAvailable,
      deletionProtection: env.deletionProtection,
    });
  }

  containerRegistry(scope: Construct, id: string, env: EnvironmentContext, spec: Encrypted<AwsEncryptionKey, RegistrySpec>): EcrRegistry {
    return new EcrRegistry(scope, id, { namePrefix: env.namePrefix, services: spec.services, key: spec.key, forceDelete: !env.deletionProtection });
  }

  kubernetesCluster(scope: Construct, id: string, env: EnvironmentContext, spec: Networked<AwsEncryptionKey, VpcNetwork, ClusterSpec>): EksCluster {
    const cluster = new EksCluster(scope, id, {
      name: env.namePrefix,
      region: this.props.region,
      network: spec.network,
      key: spec.key,
      version: spec.version,
      publicAccessCidrs: spec.publicAccessCidrs,
      logRetentionDays: spec.logRetentionDays,
    });
    new EksNodePool(cluster, 'SystemNodes', {
      cluster,
      name: 'system',
      instanceTypes: [spec.systemNodes.instanceType],
      minSize: spec.systemNodes.minSize,
      desiredSize: spec.systemNodes.desiredSize,
      maxSize: spec.systemNodes.maxSize,
      instanceTags: this.props.tags,
    });
    return cluster;
  }

  modelRegistryMirror(scope: Construct, id: string, env: EnvironmentContext): ModelPackageGroup {
    return new ModelPackageGroup(scope, id, { name: `${env.namePrefix}-models` });
  }

  budget(scope: Construct, id: string, env: EnvironmentContext, spec: BudgetSpec): void {
    new CostBudget(scope, id, {
      name: `${env.namePrefix}-monthly`,
      monthlyUsd: spec.monthlyUsd,
      alertEmails: spec.alertEmails,
      thresholdsPercent: spec.alertThresholdsPercent,
      costTag: this.props.costTag,
      accountId: this.props.accountId,
    });
  }
}
