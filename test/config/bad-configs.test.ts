import { stringify } from 'yaml';
import { ConfigError } from '../../core/config/problems';
import { parseConfig } from '../../core/config/load';

/** A valid config to break one way at a time. */
function base(): Record<string, any> {
  return {
    platform: 'acme-ml',
    blueprint: 'startup',
    cloud: { provider: 'aws', region: 'eu-west-1' },
    tags: { owner: 'ml-platform', 'cost-center': 'cc-1' },
    alerts: { emails: ['team@acme.example'] },
    environments: { dev: { budget: { monthlyUsd: 500 } } },
  };
}

function problemsOf(text: string) {
  try {
    parseConfig(text, 'platform.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

function broken(mutate: (config: Record<string, any>) => void): string {
  const config = base();
  mutate(config);
  return stringify(config);
}

/** [what is wrong, config text, path of the problem, words the message must contain] */
const CASES: readonly (readonly [string, string, string, RegExp])[] = [
  ['platform name with capitals', broken((c) => (c.platform = 'Acme')), 'platform', /found "Acme"; must be DNS-safe/],
  ['platform name with underscore', broken((c) => (c.platform = 'acme_ml')), 'platform', /DNS-safe/],
  ['platform name ending with a hyphen', broken((c) => (c.platform = 'acme-')), 'platform', /not ending with "-"/],
  ['platform name too long', broken((c) => (c.platform = 'a'.repeat(21))), 'platform', /at most 20 characters/],
  ['platform name of the wrong type', broken((c) => (c.platform = 42)), 'platform', /expected a string, found 42/],
  ['missing platform', broken((c) => delete c.platform), 'platform', /^missing; expected a string$/],
  ['unknown blueprint with a near miss', broken((c) => (c.blueprint = 'startupp')), 'blueprint', /found "startupp" \(did you mean "startup"\?\); allowed: "startup", "realtime", "llm-rag"/],
  ['unknown blueprint', broken((c) => (c.blueprint = 'kitchen-sink')), 'blueprint', /allowed: "startup", "realtime", "llm-rag"/],
  ['unknown cloud', broken((c) => (c.cloud = { provider: 'azure', region: 'westeurope' })), 'cloud.provider', /found "azure".*allowed: "aws", "gcp"/],
  ['misspelt key in cloud', broken((c) => (c.cloud = { provider: 'aws', regoin: 'eu-west-1' })), 'cloud.regoin', /unknown key "regoin" \(did you mean "region"\?\)/],
  ['bad AWS region', broken((c) => (c.cloud.region = 'europe')), 'cloud.region', /found "europe"; must be an AWS region name/],
  ['emulator endpoint that is not a URL', broken((c) => (c.cloud.endpoint = 'localhost:4566')), 'cloud.endpoint', /http\(s\) URL/],
  ['GCP without a project', broken((c) => (c.cloud = { provider: 'gcp', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' })), 'cloud.project', /^missing; expected a string$/],
  ['missing owner tag', broken((c) => delete c.tags.owner), 'tags.owner', /^missing/],
  ['missing cost-center tag', broken((c) => delete c.tags['cost-center']), 'tags.cost-center', /^missing/],
  ['empty owner tag', broken((c) => (c.tags.owner = '')), 'tags.owner', /must not be empty/],
  ['environment tag set by hand', broken((c) => (c.tags.environment = 'dev')), 'tags.environment', /set by Plinth/],
  ['budget alert email that is not an email', broken((c) => (c.alerts.emails = ['team'])), 'alerts.emails[0]', /found "team"; must be an email address/],
  ['no environments', broken((c) => (c.environments = {})), 'environments', /at least one environment/],
  ['environment name with capitals', broken((c) => (c.environments = { Dev: {} })), 'environments.Dev', /DNS-safe/],
  ['misspelt environment key', broken((c) => (c.environments.dev.databse = {})), 'environments.dev.databse', /did you mean "database"\?/],
  ['negative node count', broken((c) => (c.environments.dev.cluster = { systemNodes: { minSize: -1 } })), 'environments.dev.cluster.systemNodes.minSize', /found -1; must be at least 0/],
  ['fractional node count', broken((c) => (c.environments.dev.cluster = { systemNodes: { maxSize: 2.5 } })), 'environments.dev.cluster.systemNodes.maxSize', /expected a whole number, found 2.5/],
  ['node min above max', broken((c) => (c.environments.dev.cluster = { systemNodes: { minSize: 5, maxSize: 2 } })), 'environments.dev.cluster.systemNodes.minSize', /minSize \(5\) must not exceed maxSize \(2\)/],
  ['desired above max', broken((c) => (c.environments.dev.cluster = { systemNodes: { desiredSize: 9, maxSize: 3 } })), 'environments.dev.cluster.systemNodes.desiredSize', /must not exceed maxSize/],
  ['misspelt capability', broken((c) => (c.capabilities = { trackng: false })), 'capabilities.trackng', /unknown key "trackng" \(did you mean "tracking"\?\)/],
  ['capability switch that is not a boolean', broken((c) => (c.environments.dev.capabilities = { drift: 'off' })), 'environments.dev.capabilities.drift', /expected true or false, found "off"/],
  ['services at a moving tag', broken((c) => (c.services = { version: 'latest' })), 'services.version', /not "latest"/],
  ['replicas min above max', broken((c) => (c.environments.dev.services = { replicas: { min: 4, max: 2 } })), 'environments.dev.services.replicas.min', /min \(4\) must not exceed max \(2\)/],
  ['a Cloud SQL tier on AWS', broken((c) => (c.environments.dev.database = { instanceClass: 'db-custom-2-7680' })), 'environments.dev.database.instanceClass', /RDS instance class.*cloud.provider is "aws"/],
  [
    'an RDS class on GCP',
    broken((c) => ((c.cloud = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' }), (c.environments.dev.database = { instanceClass: 'db.t4g.medium' }))),
    'environments.dev.database.instanceClass',
    /Cloud SQL tier.*cloud.provider is "gcp"/,
  ],
  ['database storage above its ceiling', broken((c) => (c.environments.dev.database = { allocatedStorageGb: 200, maxAllocatedStorageGb: 100 })), 'environments.dev.database.allocatedStorageGb', /must not exceed maxAllocatedStorageGb \(100\)/],
  ['zero backup retention', broken((c) => (c.environments.dev.database = { backupRetentionDays: 0 })), 'environments.dev.database.backupRetentionDays', /backups are always kept/],
  ['negative budget', broken((c) => (c.environments.dev.budget.monthlyUsd = -10)), 'environments.dev.budget.monthlyUsd', /positive amount/],
  ['public cluster endpoint open to the internet', broken((c) => (c.environments.dev.cluster = { publicAccessCidrs: ['0.0.0.0/0'] })), 'environments.dev.cluster.publicAccessCidrs[0]', /must not be open to the whole internet/],
  ['VPC range too small', broken((c) => (c.environments.dev.network = { cidr: '10.0.0.0/28' })), 'environments.dev.network.cidr', /between \/16 and \/20/],
  ['VPC range not on a boundary', broken((c) => (c.environments.dev.network = { cidr: '10.0.1.0/16' })), 'environments.dev.network.cidr', /valid IPv4 CIDR/],
  ['a single availability zone', broken((c) => (c.environments.dev.network = { availabilityZones: 1 })), 'environments.dev.network.availabilityZones', /at least 2/],
  ['bad time to live', broken((c) => (c.environments.dev.ttl = '3 weeks')), 'environments.dev.ttl', /such as "72h" or "7d"/],
  ['production with a time to live', broken((c) => Object.assign(c.environments.dev, { production: true, ttl: '24h' })), 'environments.dev.ttl', /production environment must not have a time to live/],
  ['production without deletion protection', broken((c) => Object.assign(c.environments.dev, { production: true, deletionProtection: false })), 'environments.dev.deletionProtection', /must keep deletion protection/],
  ['unknown backend type', broken((c) => (c.environments.dev.backend = { type: 'consul' })), 'environments.dev.backend.type', /allowed: "local", "s3"/],
  ['S3 backend without a lock table', broken((c) => (c.environments.dev.backend = { type: 's3', bucket: 'acme-state' })), 'environments.dev.backend.dynamodbTable', /^missing/],
  ['noncurrent expiry before transition', broken((c) => (c.environments.dev.artifacts = { noncurrentTransitionDays: 60, noncurrentExpirationDays: 30 })), 'environments.dev.artifacts.noncurrentExpirationDays', /must be greater than noncurrentTransitionDays \(60\)/],
  ['emulator endpoint on GCP', broken((c) => { c.cloud = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' }; c.environments.dev.cloud = { endpoint: 'http://127.0.0.1:4566' }; }), 'environments.dev.cloud.endpoint', /applies to AWS only/],
  ['cloud without a provider', broken((c) => delete c.cloud.provider), 'cloud.provider', /^missing; allowed: "aws", "gcp"$/],
  ['environments left empty in YAML', 'platform: a\nblueprint: startup\ncloud: {provider: aws, region: eu-west-1}\ntags: {owner: a, cost-center: b}\nalerts: {emails: [a@b.example]}\nenvironments:\n', 'environments', /^expected a mapping, found null$/],
  ['unknown top-level key', broken((c) => (c.enviroments = {})), 'enviroments', /did you mean "environments"\?/],
];

/** A valid realtime or llm-rag config to break one way at a time: `dev` and a production `prod`. */
function gpuBase(blueprint: 'realtime' | 'llm-rag'): Record<string, any> {
  return { ...base(), blueprint, environments: { dev: {}, prod: { production: true } } };
}

function gpuBroken(blueprint: 'realtime' | 'llm-rag', mutate: (config: Record<string, any>) => void): string {
  const config = gpuBase(blueprint);
  mutate(config);
  return stringify(config);
}

const GCP_CLOUD = { provider: 'gcp', project: 'acme-ml-prod', region: 'europe-west4', billingAccount: '01A2B3-C4D5E6-F7A8B9' };
const onGcp = (c: Record<string, any>) => (c.cloud = { ...GCP_CLOUD });
/** The base config on GCP, broken one way. */
const gcpBroken = (mutate: (config: Record<string, any>) => void) => broken((c) => (onGcp(c), mutate(c)));

/** Sizes and switches of the GPU, feature store, vector database and LLM capabilities (issue 10). */
const CAPABILITY_CASES: readonly (readonly [string, string, string, RegExp])[] = [
  ['GPU pool min above max', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { minSize: 4, maxSize: 2 })), 'environments.dev.gpuInference.minSize', /minSize \(4\) must not exceed maxSize \(2\)/],
  ['GPU pool desired above max', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { desiredSize: 3, maxSize: 2 })), 'environments.dev.gpuInference.desiredSize', /desiredSize \(3\) must not exceed maxSize \(2\)/],
  ['GPU pool desired below min', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { minSize: 2, desiredSize: 1 })), 'environments.dev.gpuInference.desiredSize', /desiredSize \(1\) must not be below minSize \(2\)/],
  ['large-GPU pool min above max', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { pool: { minSize: 3, maxSize: 1 } })), 'environments.dev.llmServing.pool.minSize', /minSize \(3\) must not exceed maxSize \(1\)/],
  ['GPU pool with an empty instance type list', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { instanceTypes: [] })), 'environments.dev.gpuInference.instanceTypes', /must list at least one instance type/],
  ['GPU pool capacity neither on-demand nor spot', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { capacity: 'reserved' })), 'environments.dev.gpuInference.capacity', /found "reserved"; allowed: "on-demand", "spot"/],
  ['spot fallback on an on-demand pool', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { capacity: 'on-demand', spotFallbackToOnDemand: true })), 'environments.dev.gpuInference.spotFallbackToOnDemand', /applies to spot capacity only, but capacity is "on-demand"/],
  ['spot inference serving in production without the override', gpuBroken('realtime', (c) => (c.environments.prod.gpuInference = { capacity: 'spot' })), 'environments.prod.gpuInference.capacity', /production environment.*capacity "on-demand", or accept it with allowSpotInProduction: true/],
  ['spot LLM serving in production without the override', gpuBroken('llm-rag', (c) => (c.environments.prod.llmServing = { pool: { capacity: 'spot', allowSpotInProduction: false } })), 'environments.prod.llmServing.pool.capacity', /allowSpotInProduction: true/],
  ['a CPU instance type in the GPU pool (AWS)', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { instanceTypes: ['g5.xlarge', 'm6i.large'] })), 'environments.dev.gpuInference.instanceTypes[1]', /found "m6i.large", which has no GPU; .*AWS family: g4dn, g5, g6, gr6, g6e, p4d/],
  ['a CPU machine type in the GPU pool (GCP)', gpuBroken('realtime', (c) => (onGcp(c), (c.environments.dev.gpuInference = { instanceTypes: ['n2-standard-8'] }))), 'environments.dev.gpuInference.instanceTypes[0]', /found "n2-standard-8", which has no GPU; .*GCP family: g2, a2, a3/],
  ['a GCP machine type in an AWS GPU pool', gpuBroken('realtime', (c) => (c.environments.dev.gpuInference = { instanceTypes: ['g2-standard-4'] })), 'environments.dev.gpuInference.instanceTypes[0]', /found "g2-standard-4"; must be an EC2 instance type such as "g5.xlarge" \(cloud.provider is "aws"\)/],
  ['LLM serving on a small-GPU pool', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { pool: { instanceTypes: ['g5.2xlarge'] } })), 'environments.dev.llmServing.pool.instanceTypes[0]', /found "g5.2xlarge" \(A10G, 24 GB per GPU\); LLM serving needs a large-GPU pool of at least 40 GB per GPU: g6e, p4d/],
  ['LLM serving on an L4 pool (GCP)', gpuBroken('llm-rag', (c) => (onGcp(c), (c.environments.dev.llmServing = { pool: { instanceTypes: ['g2-standard-8'] } }))), 'environments.dev.llmServing.pool.instanceTypes[0]', /needs a large-GPU pool of at least 40 GB per GPU: a2, a3/],
  ['LLM serving on a pool without a GPU', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { pool: { instanceTypes: ['c7i.4xlarge'] } })), 'environments.dev.llmServing.pool.instanceTypes[0]', /which has no GPU/],
  ['Qdrant below its quorum in HA', gpuBroken('llm-rag', (c) => (c.environments.prod.vectorDb = { replicas: 1 })), 'environments.prod.vectorDb.replicas', /highly available Qdrant \(ha is on\) needs at least 3 replicas for a quorum, found 1/],
  ['Qdrant below its quorum in a development environment made HA', gpuBroken('llm-rag', (c) => (c.environments.dev = { ha: true, vectorDb: { replicas: 1 } })), 'environments.dev.vectorDb.replicas', /needs at least 3 replicas for a quorum, found 1: set vectorDb.replicas to 3 or more, or ha: false/],
  ['Qdrant with an even replica count', gpuBroken('llm-rag', (c) => (c.environments.dev.vectorDb = { replicas: 4 })), 'environments.dev.vectorDb.replicas', /must be 1 or odd, found 4: Qdrant's consensus needs a majority of peers.*use 3 or 5/],
  ['Triton at zero replicas without a way to wake it', gpuBroken('realtime', (c) => (c.environments.dev.triton = { minReplicas: 0 })), 'environments.dev.triton.minReplicas', /minReplicas 0 needs wakeQuery/],
  ['pgvector with replicas', gpuBroken('llm-rag', (c) => (c.environments.dev.vectorDb = { engine: 'pgvector', replicas: 3 })), 'environments.dev.vectorDb.replicas', /applies to qdrant only: pgvector lives in the metadata database/],
  ['pgvector with a volume', gpuBroken('llm-rag', (c) => (c.environments.dev.vectorDb = { engine: 'pgvector', volumeGb: 50 })), 'environments.dev.vectorDb.volumeGb', /applies to qdrant only/],
  ['unknown vector database', gpuBroken('llm-rag', (c) => (c.environments.dev.vectorDb = { engine: 'qdrnt' })), 'environments.dev.vectorDb.engine', /found "qdrnt" \(did you mean "qdrant"\?\); allowed: "qdrant", "pgvector"/],
  ['online store without a replica in HA', gpuBroken('realtime', (c) => (c.environments.prod.featureStore = { replicas: 0 })), 'environments.prod.featureStore.replicas', /Multi-AZ automatic failover .* needs at least 1 replica, found 0/],
  ['an RDS class as the online store node type', gpuBroken('realtime', (c) => (c.environments.dev.featureStore = { nodeType: 'db.r6g.large' })), 'environments.dev.featureStore.nodeType', /ElastiCache node type such as "cache.r7g.large"/],
  ['Triton min replicas above max', gpuBroken('realtime', (c) => (c.environments.dev.triton = { minReplicas: 5, maxReplicas: 2 })), 'environments.dev.triton.minReplicas', /minReplicas \(5\) must not exceed maxReplicas \(2\)/],
  ['Triton without a queue time target', gpuBroken('realtime', (c) => (c.environments.dev.triton = { targetQueueTimeMs: 0 })), 'environments.dev.triton.targetQueueTimeMs', /found 0; must be at least 1/],
  ['Triton with the GPU pool switched off', gpuBroken('realtime', (c) => (c.environments.dev.capabilities = { gpuInference: false })), 'environments.dev.capabilities.gpuInference', /triton needs gpuInference, which is off in environment "dev": switch triton off too, or gpuInference on/],
  ['Triton switched on without the GPU pool', gpuBroken('realtime', (c) => (c.capabilities = { gpuInference: false, triton: true })), 'capabilities.triton', /triton needs gpuInference/],
  ['LLM signals without monitoring', gpuBroken('llm-rag', (c) => (c.environments.prod.capabilities = { monitoring: false, triton: false })), 'environments.prod.capabilities.monitoring', /llmSignals needs monitoring/],
  ['a GPU capability the startup blueprint does not offer', broken((c) => (c.capabilities = { gpuInference: true })), 'capabilities.gpuInference', /the startup blueprint does not offer gpuInference \(blueprints that do: realtime, llm-rag\)/],
  ['LLM serving switched on in realtime', gpuBroken('realtime', (c) => (c.environments.dev.capabilities = { llmServing: true })), 'environments.dev.capabilities.llmServing', /the realtime blueprint does not offer llmServing \(blueprints that do: llm-rag\)/],
  ['vector database sizes in realtime', gpuBroken('realtime', (c) => (c.environments.dev.vectorDb = { replicas: 1 })), 'environments.dev.vectorDb', /does not offer vectorDb .*: remove vectorDb/],
  ['model weights from a model hub', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { model: { artifactPrefix: 'hf://meta-llama/Llama-3.1-8B' } })), 'environments.dev.llmServing.model.artifactPrefix', /not a URL: weights are never fetched from a model hub/],
  ['model prefix without a trailing slash', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { model: { artifactPrefix: 'models/llm/llama' } })), 'environments.dev.llmServing.model.artifactPrefix', /found "models\/llm\/llama"; must be a key prefix .* ending with "\/"/],
  ['warm large GPUs the budget cannot pay idle', gpuBroken('llm-rag', (c) => (c.environments.prod.llmServing = { pool: { minSize: 12, instanceTypes: ['p5.48xlarge'] } })), 'environments.prod.llmServing.pool.minSize', /warm on-demand GPU nodes \(1 × g6.2xlarge at \$0.8\/h or more \+ 12 × p5.48xlarge at \$4\/h or more\) cost at least \$35624 a month idle, more than the budget of \$30000/],
  ['a budget below the default warm GPU nodes', gpuBroken('llm-rag', (c) => (c.environments.prod.budget = { monthlyUsd: 1000 })), 'environments.prod.budget.monthlyUsd', /cost at least \$1898 a month idle, more than the budget of \$1000: lower minSize \(0 lets a pool scale from zero\) or raise budget.monthlyUsd/],
  ['a free token price', gpuBroken('llm-rag', (c) => (c.environments.dev.llmServing = { pricePerThousandTokensUsd: 0 })), 'environments.dev.llmServing.pricePerThousandTokensUsd', /positive amount of US dollars/],
];

/** GCP's own fields: project, billing account, state backend, labels, region, sizes (issue 12). */
const GCP_CASES: readonly (readonly [string, string, string, RegExp])[] = [
  ['GCP without a billing account', gcpBroken((c) => delete c.cloud.billingAccount), 'cloud.billingAccount', /^missing; expected a string$/],
  ['a billing account in lower case', gcpBroken((c) => (c.cloud.billingAccount = '01a2b3-c4d5e6-f7a8b9')), 'cloud.billingAccount', /found "01a2b3-c4d5e6-f7a8b9"; must be a billing account id such as "0X0X0X-0X0X0X-0X0X0X"/],
  ['a billing account with the wrong shape', gcpBroken((c) => (c.cloud.billingAccount = '123456789')), 'cloud.billingAccount', /six upper-case hex digits, three times/],
  ['a GCP project id in capitals', gcpBroken((c) => (c.cloud.project = 'Acme-ML')), 'cloud.project', /found "Acme-ML"; must be a GCP project id \(6-30 characters\)/],
  ['a per-environment project id too short', gcpBroken((c) => (c.environments.dev.cloud = { project: 'ml' })), 'environments.dev.cloud.project', /found "ml"; must be a GCP project id/],
  ['a per-environment project on AWS', broken((c) => (c.environments.dev.cloud = { project: 'acme-ml-dev' })), 'environments.dev.cloud.project', /^project applies to GCP only, but cloud.provider is "aws"$/],
  ['an AWS region on GCP', gcpBroken((c) => (c.environments.dev.cloud = { region: 'eu-west-1' })), 'environments.dev.cloud.region', /must be a GCP region name such as "europe-west4"/],
  ['an account id on GCP', gcpBroken((c) => (c.environments.dev.cloud = { accountId: '123456789012' })), 'environments.dev.cloud.accountId', /^accountId applies to AWS only, but cloud.provider is "gcp"$/],
  ['an S3 state backend on GCP', gcpBroken((c) => (c.environments.dev.backend = { type: 's3', bucket: 'acme-state', dynamodbTable: 'locks' })), 'environments.dev.backend.type', /found "s3", a backend on AWS, but cloud.provider is "gcp"; use "gcs" or "local"/],
  ['a GCS state backend on AWS', broken((c) => (c.environments.dev.backend = { type: 'gcs', bucket: 'acme-state' })), 'environments.dev.backend.type', /found "gcs", a backend on GCP, but cloud.provider is "aws"; use "s3" or "local"/],
  ['a GCS state bucket with capitals', gcpBroken((c) => (c.environments.dev.backend = { type: 'gcs', bucket: 'Acme_State!' })), 'environments.dev.backend.bucket', /must be a GCS bucket name/],
  ['a DynamoDB lock table on a GCS backend', gcpBroken((c) => (c.environments.dev.backend = { type: 'gcs', bucket: 'acme-state', dynamodbTable: 'locks' })), 'environments.dev.backend.dynamodbTable', /unknown key "dynamodbTable"/],
  ['a tag value with spaces on GCP', gcpBroken((c) => (c.tags.owner = 'ML Platform')), 'tags.owner', /found "ML Platform"; a GCP label value has at most 63 lower-case letters, digits, "_" and "-" \(such as "ml-platform"\)/],
  ['a tag value with an email address on GCP', gcpBroken((c) => (c.tags.contact = 'team@acme.example')), 'tags.contact', /found "team@acme.example"; a GCP label value .* \(such as "team-acme-example"\)/],
  ['a tag value longer than 63 characters on GCP', gcpBroken((c) => (c.tags.project = 'p'.repeat(64))), 'tags.project', /a GCP label value has at most 63/],
  ['a tag key starting with a digit on GCP', gcpBroken((c) => (c.tags['2nd-owner'] = 'data')), 'tags.2nd-owner', /tag key "2nd-owner" cannot be a GCP label key: it must start with a letter/],
  ['two tag keys that become one label on GCP', gcpBroken((c) => ((c.tags.Team = 'a'), (c.tags.team = 'b'))), 'tags.team', /tag keys "Team" and "team" both become the GCP label "team"; rename one/],
  ['an ElastiCache node type on GCP', gpuBroken('realtime', (c) => (onGcp(c), (c.environments.dev.featureStore = { nodeType: 'cache.r7g.large' }))), 'environments.dev.featureStore.nodeType', /must be a Memorystore node type: redis-shared-core-nano/],
];

describe('a bad platform.yaml is refused with the path, what was found and what is allowed', () => {
  it('covers at least 25 distinct mistakes', () => {
    expect(new Set(CASES.map(([what]) => what)).size).toBeGreaterThanOrEqual(25);
  });

  it('covers at least 20 distinct mistakes of the GPU, feature store, vector database and LLM capabilities', () => {
    expect(new Set(CAPABILITY_CASES.map(([what]) => what)).size).toBeGreaterThanOrEqual(20);
  });

  it('covers at least 15 distinct mistakes of GCP fields', () => {
    expect(new Set(GCP_CASES.map(([what]) => what)).size).toBeGreaterThanOrEqual(15);
  });

  it.each([...CASES, ...CAPABILITY_CASES, ...GCP_CASES])('%s', (_what, text, path, message) => {
    const problems = problemsOf(text);
    const problem = problems.find((p) => p.path === path);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toContainEqual(expect.stringMatching(new RegExp(`^${escape(path)}: `)));
    expect(problem?.message).toMatch(message);
  });

  it('reports every problem at once, each with its line in the file', () => {
    const text = ['platform: Acme', 'blueprint: startupp', 'cloud: {provider: aws, region: eu-west-1}', 'tags: {owner: x}', 'alerts: {emails: [a@b.example]}', 'environments:', '  dev:', '    databse: {}', ''].join('\n');
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ['platform', 1],
      ['blueprint', 2],
      ['tags.cost-center', 4],
      ['environments.dev.databse', 8],
    ]);
  });

  it('cross-field checks run together with the rest: switching only the provider to gcp shows all five problems at once', () => {
    const text = broken((c) => {
      c.cloud.provider = 'gcp';
      c.environments.local = { cloud: { endpoint: 'http://127.0.0.1:4566', accountId: '123456789012' } };
    });
    expect(problemsOf(text).map((p) => p.path)).toEqual(['cloud.project', 'cloud.billingAccount', 'cloud.region', 'environments.local.cloud.endpoint', 'environments.local.cloud.accountId']);
  });

  it('every GPU, feature store and vector database problem of one config is reported at once', () => {
    const text = gpuBroken('llm-rag', (c) => {
      c.environments.dev.gpuInference = { minSize: 3, maxSize: 1, instanceTypes: ['t3.large'] };
      c.environments.dev.vectorDb = { engine: 'pgvector', replicas: 2 };
      c.environments.prod.llmServing = { pool: { capacity: 'spot', instanceTypes: ['g4dn.xlarge'] } };
      c.environments.prod.vectorDb = { replicas: 1 };
      c.environments.prod.featureStore = { replicas: 0 };
      c.environments.prod.capabilities = { gpuInference: false };
    });
    expect(problemsOf(text).map((p) => p.path).sort()).toEqual([
      'environments.dev.gpuInference.instanceTypes[0]',
      'environments.dev.gpuInference.minSize',
      'environments.dev.vectorDb.replicas',
      'environments.prod.capabilities.gpuInference',
      'environments.prod.featureStore.replicas',
      'environments.prod.llmServing.pool.capacity',
      'environments.prod.llmServing.pool.instanceTypes[0]',
      'environments.prod.vectorDb.replicas',
    ]);
  });

  it.each(['startup', 'realtime', 'llm-rag'] as const)('the %s blueprint’s defaults pass every check, in development and production, on AWS and GCP', (blueprint) => {
    for (const cloud of ['aws', 'gcp']) {
      const config = { ...base(), blueprint, environments: { dev: {}, prod: { production: true }, 'dev-ha': { ha: true } } };
      if (cloud === 'gcp') onGcp(config);
      expect(() => parseConfig(stringify(config), 'platform.yaml')).not.toThrow();
    }
  });

  it('a cross-field check on sizes still runs when a sibling field is of the wrong type', () => {
    const text = broken((c) => (c.environments.dev.cluster = { systemNodes: { instanceType: 5, minSize: 5, maxSize: 2 } }));
    expect(problemsOf(text).map((p) => p.path).sort()).toEqual(['environments.dev.cluster.systemNodes.instanceType', 'environments.dev.cluster.systemNodes.minSize']);
  });

  it('no message uses zod\'s own words', () => {
    const text = broken((c) => {
      delete c.platform;
      c.environments.dev.cluster = { systemNodes: 3 };
      c.environments.dev.budget = [];
    });
    for (const problem of problemsOf(text)) expect(problem.message).not.toMatch(/undefined|\(record\)|\brecord\b|\(string\)|\bint\b/);
  });

  it('a YAML syntax error names its line and column', () => {
    const problems = problemsOf('platform: acme\nblueprint: [startup\ncloud: aws\n');
    expect(problems[0]).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/^YAML syntax error/) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it('a duplicated key is a syntax error on the line of the duplicate', () => {
    const problems = problemsOf('platform: acme\nplatform: other\n');
    expect(problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/unique/i) });
  });

  it('a file that is not a mapping is refused as a whole', () => {
    expect(problemsOf('- just\n- a list\n')[0]!.message).toMatch(/must be a YAML mapping/);
  });

  it('the error message lists each problem on its own line with file:line:column', () => {
    try {
      parseConfig(broken((c) => (c.platform = 'Bad')), 'cfg/platform.yaml');
    } catch (error) {
      expect((error as Error).message).toMatch(/^cfg\/platform\.yaml is not a valid Plinth config \(1 problem\):\n {2}cfg\/platform\.yaml:\d+:\d+ {2}platform: found "Bad"/);
      expect((error as ConfigError).exitCode).toBe(2);
      return;
    }
    throw new Error('expected a ConfigError');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
