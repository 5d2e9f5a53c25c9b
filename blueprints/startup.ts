import type { Construct } from 'constructs';
import type { ArtifactStoreSpec, BudgetSpec, ClusterSpec, CloudKit, DatabaseSpec, EncryptionKey, Network, NetworkSpec } from '../constructs/kit';
import type { Blueprint, BlueprintEnvironment, Foundation } from './blueprint';

/** Plinth's own services, each with a container repository. */
export const PLATFORM_SERVICES = ['tracking', 'gates', 'drift', 'inference'] as const;

/** Everything the startup blueprint sizes, resolved for one environment. */
export interface StartupSizing {
  readonly network: NetworkSpec;
  readonly artifacts: ArtifactStoreSpec;
  readonly database: DatabaseSpec;
  readonly cluster: ClusterSpec;
  readonly budget: BudgetSpec;
}

/**
 * Defaults by kind of environment. A team starting out pays for one NAT gateway, a burstable
 * database and two small system nodes; production gets three zones, a standby database and longer
 * retention. platform.yaml overrides any of it per environment.
 */
const DEFAULTS = {
  development: {
    network: { cidr: '10.0.0.0/16', zoneCount: 2, flowLogRetentionDays: 30 },
    artifacts: { noncurrentTransitionDays: 30, noncurrentExpirationDays: 90 },
    database: { instanceClass: 'db.t4g.medium', allocatedStorageGb: 20, maxAllocatedStorageGb: 100, backupRetentionDays: 7 },
    cluster: { version: '1.31', logRetentionDays: 30, systemNodes: { instanceType: 't3.large', minSize: 1, desiredSize: 2, maxSize: 3 } },
    monthlyBudgetUsd: 500,
  },
  production: {
    network: { cidr: '10.0.0.0/16', zoneCount: 3, flowLogRetentionDays: 365 },
    artifacts: { noncurrentTransitionDays: 30, noncurrentExpirationDays: 365 },
    database: { instanceClass: 'db.r6g.large', allocatedStorageGb: 100, maxAllocatedStorageGb: 1000, backupRetentionDays: 30 },
    cluster: { version: '1.31', logRetentionDays: 365, systemNodes: { instanceType: 'm6i.large', minSize: 2, desiredSize: 3, maxSize: 6 } },
    monthlyBudgetUsd: 5000,
  },
} as const;

export function startupSizing(environment: BlueprintEnvironment): StartupSizing {
  const env = environment.settings;
  const production = env.production ?? false;
  const defaults = production ? DEFAULTS.production : DEFAULTS.development;
  const ha = env.ha ?? production;
  const systemNodes = { ...defaults.cluster.systemNodes, ...env.cluster?.systemNodes };
  return {
    network: {
      cidr: env.network?.cidr ?? defaults.network.cidr,
      zoneCount: env.network?.availabilityZones ?? defaults.network.zoneCount,
      natPerZone: ha,
      flowLogRetentionDays: defaults.network.flowLogRetentionDays,
    },
    artifacts: {
      noncurrentTransitionDays: env.artifacts?.noncurrentTransitionDays ?? defaults.artifacts.noncurrentTransitionDays,
      noncurrentExpirationDays: env.artifacts?.noncurrentExpirationDays ?? defaults.artifacts.noncurrentExpirationDays,
    },
    database: { ...defaults.database, ...env.database, highlyAvailable: ha },
    cluster: {
      version: env.cluster?.version ?? defaults.cluster.version,
      publicAccessCidrs: env.cluster?.publicAccessCidrs ?? [],
      logRetentionDays: defaults.cluster.logRetentionDays,
      // Overriding only one bound must not leave the others inconsistent with it.
      systemNodes: {
        ...systemNodes,
        minSize: Math.min(systemNodes.minSize, systemNodes.maxSize),
        desiredSize: Math.min(Math.max(systemNodes.desiredSize, systemNodes.minSize), systemNodes.maxSize),
      },
    },
    budget: {
      monthlyUsd: env.budget?.monthlyUsd ?? defaults.monthlyBudgetUsd,
      alertEmails: env.budget?.alertEmails ?? environment.platform.alerts.emails,
      alertThresholdsPercent: [80, 100],
    },
  };
}

/**
 * The startup blueprint: what a small team needs to train, track and serve models. An encrypted
 * artifact bucket, a PostgreSQL metadata database, container repositories for Plinth's services,
 * a small Kubernetes cluster, the cloud's model registry as a mirror, and a monthly budget.
 */
export const startupBlueprint: Blueprint = {
  name: 'startup',
  description: 'Artifact bucket, metadata database, container registry, small cluster, model registry mirror and budget',
  foundation<TKey extends EncryptionKey, TNetwork extends Network>(
    scope: Construct,
    kit: CloudKit<TKey, TNetwork>,
    environment: BlueprintEnvironment,
  ): Foundation {
    const sizing = startupSizing(environment);
    const env = environment.context;
    const key = kit.encryptionKey(scope, 'Key', env);
    const network = kit.network(scope, 'Network', env, { ...sizing.network, key });
    const artifacts = kit.artifactStore(scope, 'Artifacts', env, { ...sizing.artifacts, key });
    const database = kit.metadataDatabase(scope, 'MetadataDatabase', env, { ...sizing.database, key, network });
    const registry = kit.containerRegistry(scope, 'Registry', env, { services: PLATFORM_SERVICES, key });
    const cluster = kit.kubernetesCluster(scope, 'Cluster', env, { ...sizing.cluster, key, network });
    const modelRegistry = kit.modelRegistryMirror(scope, 'ModelRegistry', env);
    kit.budget(scope, 'Budget', env, sizing.budget);

    return {
      cluster,
      outputs: {
        artifact_uri: { value: artifacts.uri, description: 'Bucket for datasets, model artifacts and the Triton model repository' },
        database_endpoint: { value: database.endpoint, description: 'PostgreSQL host of the metadata database (TLS and IAM auth required)' },
        database_port: { value: database.port, description: 'PostgreSQL port' },
        cluster_name: { value: cluster.access.clusterName, description: 'Kubernetes cluster name' },
        model_registry: { value: modelRegistry.registryName, description: 'Cloud model registry mirrored by the promotion gates' },
        ...Object.fromEntries(
          Object.entries(registry.repositoryUrls).map(([service, url]) => [`${service}_repository`, { value: url, description: `Container repository of the ${service} service` }]),
        ),
      },
    };
  },
};
