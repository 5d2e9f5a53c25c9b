import { CAPABILITY_NAMES, CAPABILITY_REQUIREMENTS, offers, resolveSwitch, type Capability } from '../../blueprints/capabilities';
import { BLUEPRINT_DEFAULTS } from '../../blueprints/defaults-by-name';
import type { BlueprintDefaults, EnvironmentKind } from '../../blueprints/defaults';
import { LARGE_GPU_MEMORY_GB, gpuFamilyNames, gpuFamilyOf, type GpuCloud } from './gpu-instances';

/** A problem found by a check that needs the whole config: the blueprint, the cloud and the environment. */
export interface CapabilityProblem {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * What a highly available environment needs: Qdrant's Raft consensus a majority of peers (three
 * survive the loss of one), the online store a replica to fail over to. A size left to the
 * defaults is raised to these when `ha` is on; one set in the config below them is refused.
 */
export const HA_MINIMUMS = { qdrantReplicas: 3, onlineStoreReplicas: 1 } as const;

const AWS_INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const GCP_MACHINE_TYPE = /^[a-z][a-z0-9]*-[a-z0-9-]+$/;
const AWS_CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const GCP_CACHE_NODE_TYPE = /^redis-(shared-core-nano|standard-small|highmem-medium|highmem-xlarge)$/;

/** The capability sections of an environment, each sized only when its blueprint offers the capability. */
const SECTIONS: Readonly<Record<string, Capability>> = {
  gpuInference: 'gpuInference',
  featureStore: 'featureStore',
  triton: 'triton',
  vectorDb: 'vectorDb',
  llmServing: 'llmServing',
};

/**
 * Checks that need more than one field: which capabilities the blueprint offers and what each needs,
 * GPU instance types of the config's cloud, spot serving in production, the replicas high
 * availability needs and warm GPU nodes the budget cannot pay for. The input may be unvalidated (other problems are reported at the same time):
 * every check looks only at values of the type it expects.
 */
export function capabilityProblems(config: unknown): CapabilityProblem[] {
  if (!isMapping(config)) return [];
  const defaults = typeof config.blueprint === 'string' ? BLUEPRINT_DEFAULTS[config.blueprint as keyof typeof BLUEPRINT_DEFAULTS] : undefined;
  if (!defaults) return [];
  const blueprint = config.blueprint as string;
  const provider = isMapping(config.cloud) && (config.cloud.provider === 'aws' || config.cloud.provider === 'gcp') ? config.cloud.provider : undefined;
  const topLevel = isMapping(config.capabilities) ? config.capabilities : {};
  const problems = new Map<string, CapabilityProblem>();
  const add = (path: (string | number)[], message: string) => problems.set(`${path.join('.')}\n${message}`, { path, message });

  for (const capability of CAPABILITY_NAMES) {
    if (topLevel[capability] === true && !offers(defaults.capabilities, capability)) add(['capabilities', capability], notOffered(blueprint, capability));
  }
  const environments = isMapping(config.environments) ? config.environments : {};
  const ciOn: string[] = [];
  for (const [name, env] of Object.entries(environments)) {
    if (!isMapping(env)) continue;
    const at = (...path: (string | number)[]) => ['environments', name, ...path];
    const own = isMapping(env.capabilities) ? env.capabilities : {};
    const switchPath = (capability: Capability): (string | number)[] | undefined =>
      typeof own[capability] === 'boolean' ? at('capabilities', capability) : typeof topLevel[capability] === 'boolean' ? ['capabilities', capability] : undefined;
    const set = (capability: Capability): boolean | undefined =>
      typeof own[capability] === 'boolean' ? own[capability] : typeof topLevel[capability] === 'boolean' ? topLevel[capability] : undefined;
    const on = (capability: Capability): boolean => resolveSwitch(capability, set, defaults.capabilities) && offers(defaults.capabilities, capability);

    for (const capability of CAPABILITY_NAMES) {
      if (own[capability] === true && !offers(defaults.capabilities, capability)) add(at('capabilities', capability), notOffered(blueprint, capability));
      if (!on(capability)) continue;
      for (const needed of CAPABILITY_REQUIREMENTS[capability] ?? []) {
        if (on(needed)) continue;
        const path = switchPath(capability) ?? switchPath(needed) ?? at('capabilities', capability);
        add(path, `${capability} needs ${needed}, which is off in environment "${name}": switch ${capability} off too, or ${needed} on`);
      }
    }
    if (on('ci')) ciOn.push(name);
    const services = isMapping(env.services) ? env.services : {};
    if (isMapping(services.console) && services.console.ingressNamespace !== undefined && !on('console')) {
      add(at('services', 'console', 'ingressNamespace'), `lets an ingress controller reach the console, which is off in environment "${name}": switch capabilities.console on (it needs tracking), or remove services.console`);
    }
    for (const [section, capability] of Object.entries(SECTIONS)) {
      if (env[section] !== undefined && !offers(defaults.capabilities, capability)) add(at(section), `${notOffered(blueprint, capability)}: remove ${section}, or pick a blueprint that offers it`);
    }

    const production = env.production === true;
    const highlyAvailable = typeof env.ha === 'boolean' ? env.ha : production;
    const kind: EnvironmentKind = production ? 'production' : 'development';
    if (isMapping(env.gpuInference)) checkGpuPool(env.gpuInference, at('gpuInference'), { provider, production, largeGpu: false }, add);
    const llm = isMapping(env.llmServing) ? env.llmServing : {};
    if (isMapping(llm.pool)) checkGpuPool(llm.pool, at('llmServing', 'pool'), { provider, production, largeGpu: true }, add);

    const featureStore = isMapping(env.featureStore) ? env.featureStore : {};
    if (provider && typeof featureStore.nodeType === 'string') checkCacheNodeType(provider, featureStore.nodeType, at('featureStore', 'nodeType'), add);
    if (highlyAvailable && on('featureStore') && typeof featureStore.replicas === 'number' && featureStore.replicas < HA_MINIMUMS.onlineStoreReplicas) {
      add(
        at('featureStore', 'replicas'),
        `Multi-AZ automatic failover of the online store (ha is on) needs at least ${HA_MINIMUMS.onlineStoreReplicas} replica, found ${featureStore.replicas}: set featureStore.replicas to ${HA_MINIMUMS.onlineStoreReplicas} or more, or ha: false`,
      );
    }
    if (provider) checkIdleGpuCost({ env, defaults, provider, kind, on, at }, add);
    const vectorDb = isMapping(env.vectorDb) ? env.vectorDb : {};
    const engine = typeof vectorDb.engine === 'string' ? vectorDb.engine : defaults.sizes[kind].vectorDb?.engine;
    if (highlyAvailable && on('vectorDb') && engine === 'qdrant' && typeof vectorDb.replicas === 'number' && vectorDb.replicas < HA_MINIMUMS.qdrantReplicas) {
      add(
        at('vectorDb', 'replicas'),
        `a highly available Qdrant (ha is on) needs at least ${HA_MINIMUMS.qdrantReplicas} replicas for a quorum, found ${vectorDb.replicas}: set vectorDb.replicas to ${HA_MINIMUMS.qdrantReplicas} or more, or ha: false`,
      );
    }
  }
  checkCi(config, provider, ciOn, add);
  return [...problems.values()];
}

/**
 * The `ci` capability builds roles for one GitHub repository's workflows: without `ci.github.repository`
 * there is nobody to trust. `oidcProvider` is IAM's (one GitHub provider per AWS account); GCP makes a pool per environment.
 */
function checkCi(config: Record<string, unknown>, provider: GpuCloud | undefined, ciOn: readonly string[], add: (path: (string | number)[], message: string) => void): void {
  const github = isMapping(config.ci) && isMapping(config.ci.github) ? config.ci.github : {};
  if (ciOn.length > 0 && github.repository === undefined) {
    add(
      ['ci', 'github', 'repository'],
      `capability ci is on in environment${ciOn.length > 1 ? 's' : ''} ${ciOn.map((name) => `"${name}"`).join(', ')} but ci.github.repository is missing: ` +
        'name the repository whose workflows plan and deploy, e.g. `ci: { github: { repository: "acme/ml-platform" } }`, or switch capabilities.ci off',
    );
  }
  const environments = isMapping(config.environments) ? config.environments : {};
  for (const name of ciOn) {
    const env = environments[name];
    const backend = isMapping(env) && isMapping(env.backend) ? env.backend : {};
    if (backend.type === 's3' || backend.type === 'gcs') continue;
    add(
      ['environments', name, 'backend'],
      `capability ci is on in environment "${name}", whose state is ${backend.type === 'local' ? 'local files' : 'local files (no backend)'}: a CI runner keeps no files between runs, so plans and deploys need remote state; ` +
        `set backend to ${provider === 'gcp' ? '{ type: gcs, bucket }' : provider === 'aws' ? '{ type: s3, bucket, dynamodbTable }' : 's3 or gcs'}, or switch capabilities.ci off in "${name}"`,
    );
  }
  if (provider === 'gcp' && github.oidcProvider !== undefined) {
    add(['ci', 'github', 'oidcProvider'], 'applies to AWS only (an IAM OIDC provider per account), but cloud.provider is "gcp": each GCP environment has its own Workload Identity pool; remove oidcProvider');
  }
}

function checkGpuPool(
  pool: Record<string, unknown>,
  path: (string | number)[],
  { provider, production, largeGpu }: { provider?: GpuCloud; production: boolean; largeGpu: boolean },
  add: (path: (string | number)[], message: string) => void,
): void {
  if (production && pool.capacity === 'spot' && pool.allowSpotInProduction !== true) {
    add(
      [...path, 'capacity'],
      'spot serving nodes in a production environment can be evicted at two minutes’ notice: use capacity "on-demand", or accept it with allowSpotInProduction: true',
    );
  }
  if (!provider || !Array.isArray(pool.instanceTypes)) return;
  pool.instanceTypes.forEach((instanceType: unknown, index) => {
    if (typeof instanceType !== 'string') return;
    const where = [...path, 'instanceTypes', index];
    const shape = provider === 'aws' ? AWS_INSTANCE_TYPE : GCP_MACHINE_TYPE;
    if (!shape.test(instanceType)) {
      add(where, `found "${instanceType}"; must be ${provider === 'aws' ? 'an EC2 instance type such as "g5.xlarge"' : 'a machine type such as "g2-standard-4"'} (cloud.provider is "${provider}")`);
      return;
    }
    const family = gpuFamilyOf(provider, instanceType);
    if (!family) {
      add(where, `found "${instanceType}", which has no GPU; a GPU pool needs an NVIDIA ${provider.toUpperCase()} family: ${gpuFamilyNames(provider)}`);
    } else if (largeGpu && family.gpuMemoryGb < LARGE_GPU_MEMORY_GB) {
      add(
        where,
        `found "${instanceType}" (${family.gpu}, ${family.gpuMemoryGb} GB per GPU); LLM serving needs a large-GPU pool of at least ${LARGE_GPU_MEMORY_GB} GB per GPU: ${gpuFamilyNames(provider, LARGE_GPU_MEMORY_GB)}`,
      );
    }
  });
}

const HOURS_PER_MONTH = 730;

/**
 * Warm GPU nodes (minSize) run all month whether used or not: refuse a config whose idle on-demand
 * GPU nodes alone cost more than the environment's budget. Priced at the floor of each family's
 * list price, so it never refuses a config that could fit; spot pools are left out (their price moves).
 */
function checkIdleGpuCost(
  { env, defaults, provider, kind, on, at }: { env: Record<string, unknown>; defaults: BlueprintDefaults; provider: GpuCloud; kind: EnvironmentKind; on: (capability: Capability) => boolean; at: (...path: (string | number)[]) => (string | number)[] },
  add: (path: (string | number)[], message: string) => void,
): void {
  const llm = isMapping(env.llmServing) ? env.llmServing : {};
  const pools = [
    { capability: 'gpuInference' as const, path: at('gpuInference'), set: env.gpuInference, sized: defaults.sizes[kind].gpuInference, types: defaults.cloudSizes[provider][kind].gpuInferenceInstanceTypes },
    { capability: 'llmServing' as const, path: at('llmServing', 'pool'), set: llm.pool, sized: defaults.sizes[kind].llmServing?.pool, types: defaults.cloudSizes[provider][kind].llmServingInstanceTypes },
  ];
  const warm: { path: (string | number)[]; set: Record<string, unknown>; nodes: number; usdPerHour: number; instanceType: string }[] = [];
  for (const pool of pools) {
    if (!on(pool.capability) || !pool.sized) continue;
    const set = isMapping(pool.set) ? pool.set : {};
    const capacity = set.capacity ?? pool.sized.capacity;
    const nodes = typeof set.minSize === 'number' ? set.minSize : pool.sized.minSize;
    const types = Array.isArray(set.instanceTypes) ? set.instanceTypes : pool.types ?? [];
    if (capacity !== 'on-demand' || nodes === 0) continue;
    const priced = types.map((type) => ({ type, family: typeof type === 'string' ? gpuFamilyOf(provider, type) : undefined }));
    if (priced.length === 0 || priced.some((entry) => !entry.family)) continue; // refused above as a pool without a GPU
    const cheapest = priced.reduce((a, b) => (b.family!.minUsdPerGpuHour < a.family!.minUsdPerGpuHour ? b : a));
    warm.push({ path: pool.path, set, nodes, usdPerHour: cheapest.family!.minUsdPerGpuHour, instanceType: String(cheapest.type) });
  }
  const idleUsd = Math.round(warm.reduce((sum, pool) => sum + pool.nodes * pool.usdPerHour * HOURS_PER_MONTH, 0));
  const budget = isMapping(env.budget) ? env.budget : {};
  const budgetUsd = typeof budget.monthlyUsd === 'number' ? budget.monthlyUsd : defaults.sizes[kind].monthlyBudgetUsd;
  if (idleUsd <= budgetUsd) return;
  const sizedHere = warm.find((pool) => typeof pool.set.minSize === 'number') ?? warm.find((pool) => Array.isArray(pool.set.instanceTypes));
  const path = sizedHere ? [...sizedHere.path, typeof sizedHere.set.minSize === 'number' ? 'minSize' : 'instanceTypes'] : typeof budget.monthlyUsd === 'number' ? at('budget', 'monthlyUsd') : at();
  const nodes = warm.map((pool) => `${pool.nodes} × ${pool.instanceType} at $${pool.usdPerHour}/h or more`).join(' + ');
  add(
    path,
    `warm on-demand GPU nodes (${nodes}) cost at least $${idleUsd} a month idle, more than the budget of $${budgetUsd}: lower minSize (0 lets a pool scale from zero) or raise budget.monthlyUsd`,
  );
}

function checkCacheNodeType(provider: GpuCloud, nodeType: string, path: (string | number)[], add: (path: (string | number)[], message: string) => void): void {
  if (provider === 'aws' && !AWS_CACHE_NODE_TYPE.test(nodeType)) {
    add(path, `found "${nodeType}"; must be an ElastiCache node type such as "cache.r7g.large" (cloud.provider is "aws")`);
  }
  if (provider === 'gcp' && !GCP_CACHE_NODE_TYPE.test(nodeType)) {
    add(path, `found "${nodeType}"; must be a Memorystore node type: redis-shared-core-nano, redis-standard-small, redis-highmem-medium or redis-highmem-xlarge (cloud.provider is "gcp")`);
  }
}

function notOffered(blueprint: string, capability: Capability): string {
  const offering = Object.entries(BLUEPRINT_DEFAULTS)
    .filter(([, defaults]) => offers(defaults.capabilities, capability))
    .map(([name]) => name);
  return `the ${blueprint} blueprint does not offer ${capability} (blueprints that do: ${offering.join(', ')})`;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
