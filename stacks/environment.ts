import type { Capability, CapabilitySwitches } from '../blueprints/capabilities';
import type { BlueprintDefaults } from '../blueprints/defaults';
import type { ArtifactStoreSpec, BudgetSpec, ClusterSpec, DatabaseSpec, EnvironmentContext, NetworkSpec, NodePoolSpec } from '../constructs/kit';
import type { EnvironmentConfig, PlatformConfig } from '../core/config/schema';
import { repositoryVersion } from '../core/repository-version';

/** Every size of one environment: the blueprint's defaults for its kind and cloud, then platform.yaml's overrides. */
export interface EnvironmentSizes {
  readonly network: NetworkSpec;
  readonly artifacts: ArtifactStoreSpec;
  readonly database: DatabaseSpec;
  readonly cluster: ClusterSpec;
  readonly systemNodes: NodePoolSpec;
  readonly serviceReplicas: { readonly min: number; readonly max: number };
  readonly budget: BudgetSpec;
}

/** Everything about one environment that stacks and blueprints need, resolved once from platform.yaml. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly settings: EnvironmentConfig;
  readonly context: EnvironmentContext;
  readonly production: boolean;
  /** Multi-zone database and a NAT gateway per zone. */
  readonly highlyAvailable: boolean;
  readonly capabilities: CapabilitySwitches;
  readonly sizes: EnvironmentSizes;
  /** Image tag of Plinth's services. */
  readonly serviceVersion: string;
  readonly region: string;
  readonly endpoint?: string;
  readonly accountId?: string;
  /** Tags applied to every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The tag budgets filter on: unique to this platform's environment even in a shared account. */
  readonly costTag: { readonly key: string; readonly value: string };
}

export const COST_TAG_KEY = 'plinth:environment';

export function resolveEnvironment(config: PlatformConfig, name: string, defaults: BlueprintDefaults): ResolvedEnvironment {
  const settings = config.environments[name];
  if (!settings) throw new Error(`environment "${name}" is not defined in the config (defined: ${Object.keys(config.environments).join(', ')})`);
  const production = settings.production ?? false;
  const namePrefix = `${config.platform}-${name}`;
  const tags: Record<string, string> = {
    ...config.tags,
    environment: name,
    platform: config.platform,
    [COST_TAG_KEY]: namePrefix,
    'managed-by': 'plinth',
    // Lets policy checks of synthesized output or plans apply production rules without the config.
    ...(production ? { 'plinth:production': 'true' } : {}),
    ...(settings.ttl ? { ttl: settings.ttl } : {}),
  };
  const awsCloud = config.cloud.provider === 'aws' ? config.cloud : undefined;
  const capabilities = Object.fromEntries(
    (Object.keys(defaults.capabilities) as Capability[]).map((capability) => [
      capability,
      settings.capabilities?.[capability] ?? config.capabilities?.[capability] ?? defaults.capabilities[capability],
    ]),
  ) as Record<Capability, boolean>;
  return {
    name,
    settings,
    production,
    highlyAvailable: settings.ha ?? production,
    capabilities,
    sizes: resolveSizes(config, settings, defaults),
    serviceVersion: config.services?.version ?? repositoryVersion(),
    context: { namePrefix, deletionProtection: settings.deletionProtection ?? production },
    region: settings.cloud?.region ?? config.cloud.region,
    endpoint: settings.cloud?.endpoint ?? awsCloud?.endpoint,
    accountId: settings.cloud?.accountId ?? awsCloud?.accountId,
    tags,
    costTag: { key: COST_TAG_KEY, value: namePrefix },
  };
}

function resolveSizes(config: PlatformConfig, env: EnvironmentConfig, defaults: BlueprintDefaults): EnvironmentSizes {
  const kind = env.production ? 'production' : 'development';
  const portable = defaults.sizes[kind];
  const cloud = defaults.cloudSizes[config.cloud.provider][kind];
  const ha = env.ha ?? env.production ?? false;
  const nodes = { ...portable.systemNodes, ...env.cluster?.systemNodes };
  const replicas = { ...portable.serviceReplicas, ...env.services?.replicas };
  return {
    network: {
      cidr: env.network?.cidr ?? portable.network.cidr,
      zoneCount: env.network?.availabilityZones ?? portable.network.zoneCount,
      natPerZone: ha,
      flowLogRetentionDays: portable.network.flowLogRetentionDays,
    },
    artifacts: {
      noncurrentTransitionDays: env.artifacts?.noncurrentTransitionDays ?? portable.artifacts.noncurrentTransitionDays,
      noncurrentExpirationDays: env.artifacts?.noncurrentExpirationDays ?? portable.artifacts.noncurrentExpirationDays,
    },
    database: {
      ...portable.database,
      ...env.database,
      instanceClass: env.database?.instanceClass ?? cloud.databaseInstanceClass,
      highlyAvailable: ha,
    },
    cluster: {
      version: env.cluster?.version ?? portable.cluster.version,
      publicAccessCidrs: env.cluster?.publicAccessCidrs ?? [],
      logRetentionDays: portable.cluster.logRetentionDays,
    },
    // Overriding only one bound must not leave the others inconsistent with it.
    systemNodes: {
      instanceTypes: [env.cluster?.systemNodes?.instanceType ?? cloud.systemNodeType],
      minSize: Math.min(nodes.minSize, nodes.maxSize),
      desiredSize: Math.min(Math.max(nodes.desiredSize, nodes.minSize), nodes.maxSize),
      maxSize: nodes.maxSize,
    },
    serviceReplicas: { min: Math.min(replicas.min, replicas.max), max: replicas.max },
    budget: {
      monthlyUsd: env.budget?.monthlyUsd ?? portable.monthlyBudgetUsd,
      alertEmails: env.budget?.alertEmails ?? config.alerts.emails,
      alertThresholdsPercent: [80, 100],
    },
  };
}
