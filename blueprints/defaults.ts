import type { NodePoolSpec } from '../constructs/kit';
import type { Capability, CapabilitySwitches } from './capabilities';

/** Sizes that mean the same thing on every cloud. */
export interface PortableSizes {
  readonly network: { readonly cidr: string; readonly zoneCount: number; readonly flowLogRetentionDays: number };
  readonly artifacts: { readonly noncurrentTransitionDays: number; readonly noncurrentExpirationDays: number };
  readonly database: { readonly allocatedStorageGb: number; readonly maxAllocatedStorageGb: number; readonly backupRetentionDays: number };
  readonly cluster: { readonly logRetentionDays: number };
  readonly systemNodes: Pick<NodePoolSpec, 'minSize' | 'desiredSize' | 'maxSize'>;
  /** Replicas of each Plinth service: the HPA scales between them. */
  readonly serviceReplicas: { readonly min: number; readonly max: number };
  readonly monthlyBudgetUsd: number;
  /** Present when the blueprint offers `gpuInference`. */
  readonly gpuInference?: GpuPoolSizes;
  /** Present when the blueprint offers `featureStore`. */
  readonly featureStore?: { readonly replicas: number };
  /** Present when the blueprint offers `triton`. */
  readonly triton?: TritonSizes;
  /** Present when the blueprint offers `vectorDb`. */
  readonly vectorDb?: VectorDbSizes;
  /** Present when the blueprint offers `llmServing`. */
  readonly llmServing?: LlmServingSizes;
}

/** Node counts and capacity of a GPU pool; its instance types are cloud sizes. */
export interface GpuPoolSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly capacity: 'on-demand' | 'spot';
  /** Spot pools only: start on-demand nodes when spot has no room. */
  readonly spotFallbackToOnDemand: boolean;
}

export interface TritonSizes {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Queue time per request the autoscaler holds Triton at, in milliseconds. */
  readonly targetQueueTimeMs: number;
  /** PromQL of the callers' demand that wakes Triton from zero replicas; required with `minReplicas: 0`. */
  readonly wakeQuery?: string;
}

export type VectorDbEngine = 'qdrant' | 'pgvector';

export interface VectorDbSizes {
  readonly engine: VectorDbEngine;
  /** Qdrant only: replicas of each collection's shards (pgvector lives in the metadata database). */
  readonly replicas: number;
  /** Qdrant only: encrypted volume per replica. */
  readonly volumeGb: number;
}

export interface LlmServingSizes {
  readonly pool: GpuPoolSizes;
  /** Name the OpenAI-compatible API serves the generator model as. */
  readonly modelName: string;
  /** Key prefix of the model weights in the artifact bucket: no model hub at run time. */
  readonly modelArtifactPrefix: string;
  readonly maxReplicas: number;
  /** Price of 1,000 tokens for the token cost signals, in US dollars. */
  readonly pricePerThousandTokensUsd: number;
  /** The embedding model, served by its own server: API name and weights' prefix in the artifact bucket. */
  readonly embeddingModelName: string;
  readonly embeddingModelArtifactPrefix: string;
  /** Price of 1,000 embedded tokens, in US dollars. */
  readonly embeddingPricePerThousandTokensUsd: number;
}

/** Sizes named in one cloud's own units: an AWS instance type means nothing on GCP. */
export interface CloudSizes {
  /**
   * Kubernetes minor version: what EKS supports (AWS) or what GKE's release channel offers (GCP), which differ:
   * GKE's REGULAR channel retires minors that EKS still runs.
   */
  readonly clusterVersion: string;
  /** RDS instance class (AWS) or Cloud SQL tier (GCP). */
  readonly databaseInstanceClass: string;
  /** EC2 instance type (AWS) or machine type (GCP) of the system nodes. */
  readonly systemNodeType: string;
  /** GPU inference pool's instance types (AWS) or machine types (GCP), cheapest first; present when the blueprint offers `gpuInference`. */
  readonly gpuInferenceInstanceTypes?: readonly string[];
  /** ElastiCache node type (AWS) or Memorystore node type (GCP) of the online store; present when the blueprint offers `featureStore`. */
  readonly featureStoreNodeType?: string;
  /** Large-GPU pool's instance types for LLM serving; present when the blueprint offers `llmServing`. */
  readonly llmServingInstanceTypes?: readonly string[];
}

export type EnvironmentKind = 'development' | 'production';

/**
 * One blueprint's defaults: the only place sizes and switches are written down. Environments
 * resolve from it once (stacks/environment.ts), the README's defaults table is rendered from it
 * (`npx plinth config defaults`), and platform.yaml overrides any of it per environment.
 */
export interface BlueprintDefaults {
  readonly capabilities: CapabilitySwitches;
  readonly sizes: Readonly<Record<EnvironmentKind, PortableSizes>>;
  readonly cloudSizes: Readonly<Record<'aws' | 'gcp', Readonly<Record<EnvironmentKind, CloudSizes>>>>;
}

/** The README's defaults table of one blueprint: one row per setting, development and production side by side. */
export function defaultsTable(blueprint: string, defaults: BlueprintDefaults): string {
  const { development: dev, production: prod } = defaults.sizes;
  const row = (setting: string, field: string | undefined, pick: (sizes: PortableSizes) => unknown) => `| ${setting} | ${fieldCell(field)} | ${String(pick(dev))} | ${String(pick(prod))} |`;
  const cloudRow = (cloud: 'aws' | 'gcp', setting: string, field: string, pick: (sizes: CloudSizes) => string) =>
    `| ${setting} (${cloud.toUpperCase()}) | \`${field}\` | \`${pick(defaults.cloudSizes[cloud].development)}\` | \`${pick(defaults.cloudSizes[cloud].production)}\` |`;
  const capabilityRow = (name: Capability) => `| capability \`${name}\` (also top-level) | \`capabilities.${name}\` | ${onOff(defaults.capabilities[name])} | ${onOff(defaults.capabilities[name])} |`;
  const listCell = (types: readonly string[] | undefined) => (types ?? []).join(', ');
  const poolRows = (setting: string, field: string, pool: (sizes: PortableSizes) => GpuPoolSizes | undefined, types: (sizes: CloudSizes) => readonly string[] | undefined) =>
    pool(dev) === undefined
      ? []
      : [
          cloudRow('aws', `${setting} instance types`, `${field}.instanceTypes`, (s) => listCell(types(s))),
          cloudRow('gcp', `${setting} machine types`, `${field}.instanceTypes`, (s) => listCell(types(s))),
          row(`${setting} min / desired / max`, `${field}.*Size`, (s) => `${pool(s)!.minSize} / ${pool(s)!.desiredSize} / ${pool(s)!.maxSize}`),
          row(`${setting} capacity`, `${field}.capacity`, (s) => pool(s)!.capacity),
          row(`${setting} spot falls back to on-demand`, `${field}.spotFallbackToOnDemand`, (s) => onOff(pool(s)!.spotFallbackToOnDemand)),
        ];
  const when = (present: unknown, rows: () => string[]) => (present === undefined ? [] : rows());
  const capabilitySizeRows = [
    ...poolRows('GPU inference pool', 'gpuInference', (s) => s.gpuInference, (s) => s.gpuInferenceInstanceTypes),
    ...when(dev.featureStore, () => [
      cloudRow('aws', 'feature store online cache node type', 'featureStore.nodeType', (s) => s.featureStoreNodeType ?? ''),
      cloudRow('gcp', 'feature store online cache node type', 'featureStore.nodeType', (s) => s.featureStoreNodeType ?? ''),
      row('feature store online cache replicas', 'featureStore.replicas', (s) => s.featureStore!.replicas),
    ]),
    ...when(dev.triton, () => [
      row('Triton replicas min / max', 'triton.*Replicas', (s) => `${s.triton!.minReplicas} / ${s.triton!.maxReplicas}`),
      row('Triton target queue time (ms)', 'triton.targetQueueTimeMs', (s) => s.triton!.targetQueueTimeMs),
    ]),
    ...when(dev.vectorDb, () => [
      row('vector database', 'vectorDb.engine', (s) => `\`${s.vectorDb!.engine}\``),
      row('vector database replicas (Qdrant)', 'vectorDb.replicas', (s) => s.vectorDb!.replicas),
      row('vector database volume per replica (GB, Qdrant)', 'vectorDb.volumeGb', (s) => s.vectorDb!.volumeGb),
    ]),
    ...poolRows('LLM serving large-GPU pool', 'llmServing.pool', (s) => s.llmServing?.pool, (s) => s.llmServingInstanceTypes),
    ...when(dev.llmServing, () => [
      row('LLM generator model name', 'llmServing.model.name', (s) => `\`${s.llmServing!.modelName}\``),
      row('LLM weights in the artifact bucket', 'llmServing.model.artifactPrefix', (s) => `\`${s.llmServing!.modelArtifactPrefix}\``),
      row('LLM server replicas max', 'llmServing.maxReplicas', (s) => s.llmServing!.maxReplicas),
      row('price per 1,000 tokens (USD, token cost signals)', 'llmServing.pricePerThousandTokensUsd', (s) => s.llmServing!.pricePerThousandTokensUsd),
      row('embedding model name', 'llmServing.embeddingModel.name', (s) => `\`${s.llmServing!.embeddingModelName}\``),
      row('embedding weights in the artifact bucket', 'llmServing.embeddingModel.artifactPrefix', (s) => `\`${s.llmServing!.embeddingModelArtifactPrefix}\``),
      row('price per 1,000 embedded tokens (USD)', 'llmServing.embeddingPricePerThousandTokensUsd', (s) => s.llmServing!.embeddingPricePerThousandTokensUsd),
    ]),
  ];
  return [
    `| ${blueprint} | field of \`environments.<name>\` | development | production |`,
    '| --- | --- | --- | --- |',
    ...(Object.keys(defaults.capabilities) as Capability[]).map(capabilityRow),
    '| high availability (multi-zone database, NAT per zone) | `ha` | off | on |',
    '| deletion protection | `deletionProtection` | off | on |',
    row('network range', 'network.cidr', (s) => `\`${s.network.cidr}\``),
    row('zones', 'network.availabilityZones', (s) => s.network.zoneCount),
    row('flow log retention (days)', undefined, (s) => s.network.flowLogRetentionDays),
    row('replaced artifact versions tiered after (days)', 'artifacts.noncurrentTransitionDays', (s) => s.artifacts.noncurrentTransitionDays),
    row('replaced artifact versions deleted after (days)', 'artifacts.noncurrentExpirationDays', (s) => s.artifacts.noncurrentExpirationDays),
    cloudRow('aws', 'database class', 'database.instanceClass', (s) => s.databaseInstanceClass),
    cloudRow('gcp', 'database class', 'database.instanceClass', (s) => s.databaseInstanceClass),
    row('database storage (GB)', 'database.allocatedStorageGb', (s) => s.database.allocatedStorageGb),
    row('database storage ceiling (GB)', 'database.maxAllocatedStorageGb', (s) => s.database.maxAllocatedStorageGb),
    row('database backups kept (days)', 'database.backupRetentionDays', (s) => s.database.backupRetentionDays),
    cloudRow('aws', 'Kubernetes version', 'cluster.version', (s) => `\`${s.clusterVersion}\``),
    cloudRow('gcp', 'Kubernetes version', 'cluster.version', (s) => `\`${s.clusterVersion}\``),
    row('control-plane log retention (days)', undefined, (s) => s.cluster.logRetentionDays),
    cloudRow('aws', 'system node type', 'cluster.systemNodes.instanceType', (s) => s.systemNodeType),
    cloudRow('gcp', 'system node type', 'cluster.systemNodes.instanceType', (s) => s.systemNodeType),
    row('system nodes min / desired / max', 'cluster.systemNodes.*Size', (s) => `${s.systemNodes.minSize} / ${s.systemNodes.desiredSize} / ${s.systemNodes.maxSize}`),
    row('replicas per service, min / max', 'services.replicas.*', (s) => `${s.serviceReplicas.min} / ${s.serviceReplicas.max}`),
    row('monthly budget (USD)', 'budget.monthlyUsd', (s) => s.monthlyBudgetUsd),
    ...capabilitySizeRows,
  ].join('\n');
}

/** A setting platform.yaml cannot change is shown without a field. */
function fieldCell(field: string | undefined): string {
  return field === undefined ? '–' : `\`${field}\``;
}

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}
