import { type Capability, type CapabilitySwitches, resolveSwitch } from '../blueprints/capabilities';
import type { BlueprintDefaults, EnvironmentKind, GpuPoolSizes, LlmServingSizes, TritonSizes } from '../blueprints/defaults';
import type { ArtifactStoreSpec, BudgetSpec, ClusterSpec, DatabaseSpec, EnvironmentContext, NetworkSpec, NodePoolSpec } from '../constructs/kit';
import { HA_MINIMUMS } from '../core/config/capability-checks';
import { EXPIRES_AT_TAG, expiryTagValue, PREVIEW_OF_TAG } from '../core/config/expiry';
import type { EnvironmentConfig, GpuPoolConfig, PlatformConfig } from '../core/config/schema';
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
  /** Each present exactly when its capability is on in this environment. */
  readonly gpuInference?: GpuPool;
  readonly featureStore?: FeatureStoreSizes;
  readonly triton?: TritonSizes;
  readonly vectorDb?: VectorDbResolved;
  readonly llmServing?: LlmServingResolved;
}

/** A GPU node pool ready for `KubernetesCluster.addNodePool` (plus the GPU taint and labels the blueprint adds). */
export interface GpuPool extends GpuPoolSizes {
  readonly instanceTypes: readonly string[];
}

export interface FeatureStoreSizes {
  readonly nodeType: string;
  readonly replicas: number;
  /** Multi-AZ automatic failover: the environment is highly available. */
  readonly multiAz: boolean;
}

export type VectorDbResolved = { readonly engine: 'qdrant'; readonly replicas: number; readonly volumeGb: number } | { readonly engine: 'pgvector' };

/** LLM serving sizes with the large-GPU pool's instance types resolved for the cloud. */
export interface LlmServingResolved extends Omit<LlmServingSizes, 'pool'> {
  readonly pool: GpuPool;
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
  /** GCP: the environment's project (`environments.<name>.cloud.project`, else `cloud.project`). */
  readonly project?: string;
  /** GCP: the billing account budgets are made in. */
  readonly billingAccount?: string;
  /** Tags applied to every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /** The tag budgets filter on: unique to this platform's environment even in a shared account. */
  readonly costTag: { readonly key: string; readonly value: string };
}

export const COST_TAG_KEY = 'plinth:environment';

/** The AWS API emulator an environment talks to (`environments.<env>.cloud.endpoint`, else `cloud.endpoint`); undefined for a real cloud. */
export function emulatorEndpoint(config: PlatformConfig, environment: string): string | undefined {
  return config.environments[environment]?.cloud?.endpoint ?? (config.cloud.provider === 'aws' ? config.cloud.endpoint : undefined);
}

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
    ...(settings.expiresAt ? { [EXPIRES_AT_TAG]: expiryTagValue(new Date(settings.expiresAt)) } : {}),
    ...(settings.previewOf ? { [PREVIEW_OF_TAG]: settings.previewOf } : {}),
  };
  const awsCloud = config.cloud.provider === 'aws' ? config.cloud : undefined;
  const gcpCloud = config.cloud.provider === 'gcp' ? config.cloud : undefined;
  const set = (capability: Capability) => settings.capabilities?.[capability] ?? config.capabilities?.[capability];
  const capabilities = Object.fromEntries(
    (Object.keys(defaults.capabilities) as Capability[]).map((capability) => [capability, resolveSwitch(capability, set, defaults.capabilities)]),
  ) as Record<Capability, boolean>;
  return {
    name,
    settings,
    production,
    highlyAvailable: settings.ha ?? production,
    capabilities,
    sizes: { ...resolveSizes(config, settings, defaults), ...resolveCapabilitySizes(config, settings, defaults, capabilities) },
    serviceVersion: config.services?.version ?? repositoryVersion(),
    context: { namePrefix, deletionProtection: settings.deletionProtection ?? production },
    region: settings.cloud?.region ?? config.cloud.region,
    endpoint: emulatorEndpoint(config, name),
    accountId: settings.cloud?.accountId ?? awsCloud?.accountId,
    project: settings.cloud?.project ?? gcpCloud?.project,
    billingAccount: gcpCloud?.billingAccount,
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
      version: env.cluster?.version ?? cloud.clusterVersion,
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

/** Sizes of the capabilities beyond startup; the schema has refused a capability its blueprint does not size. */
function resolveCapabilitySizes(config: PlatformConfig, env: EnvironmentConfig, defaults: BlueprintDefaults, on: CapabilitySwitches): Partial<EnvironmentSizes> {
  const kind: EnvironmentKind = env.production ? 'production' : 'development';
  const portable = defaults.sizes[kind];
  const cloud = defaults.cloudSizes[config.cloud.provider][kind];
  const sized = <T>(capability: Capability, value: T | undefined): T | undefined => {
    if (!on[capability]) return undefined;
    if (value === undefined) throw new Error(`the blueprint switches ${capability} on without sizing it (blueprints/*/defaults.ts)`);
    return value;
  };
  const vectorDb = sized('vectorDb', portable.vectorDb);
  const llm = sized('llmServing', portable.llmServing);
  const featureStore = sized('featureStore', portable.featureStore);
  const triton = sized('triton', portable.triton);
  const gpuInference = sized('gpuInference', portable.gpuInference);
  const engine = env.vectorDb?.engine ?? vectorDb?.engine;
  const ha = env.ha ?? env.production ?? false;
  // A size left to the defaults follows `ha`: switching it on in development needs no other change.
  const atLeastForHa = (value: number, minimum: number) => (ha ? Math.max(value, minimum) : value);
  const sizes: Partial<EnvironmentSizes> = {
    gpuInference: gpuInference && gpuPool(gpuInference, cloud.gpuInferenceInstanceTypes, env.gpuInference),
    featureStore: featureStore && {
      nodeType: env.featureStore?.nodeType ?? sized('featureStore', cloud.featureStoreNodeType)!,
      replicas: env.featureStore?.replicas ?? atLeastForHa(featureStore.replicas, HA_MINIMUMS.onlineStoreReplicas),
      multiAz: ha,
    },
    triton: triton && clampReplicas({ ...triton, ...env.triton }),
    vectorDb:
      vectorDb &&
      (engine === 'pgvector'
        ? { engine }
        : { engine: 'qdrant', replicas: env.vectorDb?.replicas ?? atLeastForHa(vectorDb.replicas, HA_MINIMUMS.qdrantReplicas), volumeGb: env.vectorDb?.volumeGb ?? vectorDb.volumeGb }),
    llmServing: llm && {
      pool: gpuPool(llm.pool, cloud.llmServingInstanceTypes, env.llmServing?.pool),
      modelName: env.llmServing?.model?.name ?? llm.modelName,
      modelArtifactPrefix: env.llmServing?.model?.artifactPrefix ?? llm.modelArtifactPrefix,
      maxReplicas: env.llmServing?.maxReplicas ?? llm.maxReplicas,
      pricePerThousandTokensUsd: env.llmServing?.pricePerThousandTokensUsd ?? llm.pricePerThousandTokensUsd,
      embeddingModelName: env.llmServing?.embeddingModel?.name ?? llm.embeddingModelName,
      embeddingModelArtifactPrefix: env.llmServing?.embeddingModel?.artifactPrefix ?? llm.embeddingModelArtifactPrefix,
      embeddingPricePerThousandTokensUsd: env.llmServing?.embeddingPricePerThousandTokensUsd ?? llm.embeddingPricePerThousandTokensUsd,
    },
  };
  // A capability that is off leaves no key behind: startup's sizes stay exactly what they were.
  return Object.fromEntries(Object.entries(sizes).filter(([, value]) => value !== undefined));
}

function gpuPool(defaults: GpuPoolSizes, instanceTypes: readonly string[] | undefined, overrides: GpuPoolConfig | undefined): GpuPool {
  if (!instanceTypes) throw new Error('the blueprint sizes a GPU pool without instance types for this cloud (blueprints/*/defaults.ts)');
  const nodes = { ...defaults, ...overrides };
  const capacity = overrides?.capacity ?? defaults.capacity;
  // Overriding only one bound must not leave the others inconsistent with it (as for system nodes).
  return {
    instanceTypes: overrides?.instanceTypes ?? instanceTypes,
    minSize: Math.min(nodes.minSize, nodes.maxSize),
    desiredSize: Math.min(Math.max(nodes.desiredSize, nodes.minSize), nodes.maxSize),
    maxSize: nodes.maxSize,
    capacity,
    spotFallbackToOnDemand: capacity === 'spot' && (overrides?.spotFallbackToOnDemand ?? defaults.spotFallbackToOnDemand),
  };
}

function clampReplicas(triton: TritonSizes): TritonSizes {
  return { ...triton, minReplicas: Math.min(triton.minReplicas, triton.maxReplicas) };
}
