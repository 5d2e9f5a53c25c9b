import { z } from 'zod';
import { CAPABILITY_DESCRIPTIONS, CAPABILITY_NAMES, type Capability } from '../../blueprints/capabilities';
import { capabilityProblems } from './capability-checks';
import { gcpLabelsOf } from './gcp-labels';

/**
 * The schema of platform.yaml. It is the single source for validation, for the TypeScript types
 * and for the JSON Schema that `plinth config schema` prints (editors use it for completion).
 * Every object is strict: an unknown key is a mistake, reported with a did-you-mean.
 */

const DNS_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** Platform names end up in bucket names, stack names and Kubernetes labels: keep them short DNS labels. */
const platformName = z
  .string()
  .max(20, { error: 'must be at most 20 characters (it prefixes bucket and cluster names)' })
  .regex(DNS_LABEL, {
    error: 'must be DNS-safe: lowercase letters, digits and "-", starting with a letter and not ending with "-"',
  });

export const environmentName = z
  .string()
  .max(12, { error: 'must be at most 12 characters (it is part of every resource name)' })
  .regex(DNS_LABEL, {
    error: 'must be DNS-safe: lowercase letters, digits and "-", starting with a letter and not ending with "-"',
  });

export const BLUEPRINT_NAMES = ['startup', 'realtime', 'llm-rag'] as const;

const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
  error: 'must be an AWS region name such as "eu-west-1"',
});
const gcpRegion = z.string().regex(/^[a-z]+-[a-z]+\d$/, { error: 'must be a GCP region name such as "europe-west4"' });
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as "http://127.0.0.1:4566"' });
const awsAccountId = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' });

const awsCloud = z.strictObject({
  provider: z.literal('aws').describe('Cloud the platform runs on: `aws` or `gcp`.'),
  region: awsRegion.describe('Region every resource lives in (AWS `eu-west-1`, GCP `europe-west4`).'),
  endpoint: httpUrl
    .optional()
    .describe('AWS only: send every AWS API call to this endpoint (moto, LocalStack) with dummy keys. Default: real AWS.'),
  accountId: awsAccountId
    .optional()
    .describe('AWS only: account id for resources that take it explicitly (budgets) when it cannot be looked up. Default: looked up.'),
});

const gcpProject = z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: 'must be a GCP project id (6-30 characters)' });
const billingAccount = z.string().regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, { error: 'must be a billing account id such as "0X0X0X-0X0X0X-0X0X0X" (six upper-case hex digits, three times)' });

const gcpCloud = z.strictObject({
  provider: z.literal('gcp').describe('Cloud the platform runs on: `aws` or `gcp`.'),
  project: gcpProject.describe('GCP only: project id.'),
  region: gcpRegion.describe('Region every resource lives in (AWS `eu-west-1`, GCP `europe-west4`).'),
  billingAccount: billingAccount.describe('GCP only: the billing account (`XXXXXX-XXXXXX-XXXXXX`) each environment’s budget is made in.'),
});

const cloud = z.discriminatedUnion('provider', [awsCloud, gcpCloud]);

const awsDatabaseClass = z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be an RDS instance class such as "db.t4g.medium" (cloud.provider is "aws")' });
const gcpDatabaseClass = z.string().regex(/^db-(custom-\d+-\d+|[a-z0-9-]+)$/, { error: 'must be a Cloud SQL tier such as "db-custom-2-7680" (cloud.provider is "gcp")' });

/** Per-environment cloud overrides: an environment can use another region or point at an emulator. */
const cloudOverride = z.strictObject({
  region: z.string().optional().describe('Region of this environment. Default: `cloud.region`.'),
  endpoint: httpUrl.optional().describe('AWS API emulator endpoint for this environment only. Default: `cloud.endpoint`.'),
  accountId: awsAccountId.optional().describe('Account id for this environment. Default: `cloud.accountId`.'),
  project: gcpProject.optional().describe('GCP only: the project of this environment (a project per environment). Default: `cloud.project`.'),
});

const tagKey = z.string().regex(/^[\w.:/=+@ -]{1,128}$/, { error: 'must be 1-128 letters, digits, spaces or _.:/=+-@' });
const tagValue = z.string().max(256, { error: 'must be at most 256 characters' });

const tags = z
  .object({
    owner: tagValue.min(1, { error: 'must not be empty' }).describe('Team that owns the platform; tagged on every taggable resource.'),
    'cost-center': tagValue.min(1, { error: 'must not be empty' }).describe('Cost center charged; tagged on every taggable resource.'),
  })
  .catchall(tagValue.describe('Any other tag for every taggable resource (`environment` is set by Plinth).'))
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (!tagKey.safeParse(key).success) {
        ctx.addIssue({ code: 'custom', path: [key], message: `tag key "${key}" must be 1-128 letters, digits, spaces or _.:/=+-@` });
      }
      if (key === 'environment') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'the "environment" tag is set by Plinth from the environment name; remove it' });
      }
    }
  });

const ipv4Cidr = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, {
  error: 'must be an IPv4 CIDR block such as "10.0.0.0/16"',
});

/**
 * Cross-field checks run even when another field of the same object is wrong, so that a config
 * shows every problem at once (zod skips a refinement after any issue by default). Their input may
 * then be unvalidated: each check looks only at fields of the type it expects.
 */
const evenWithOtherProblems = { when: () => true };

const isNumber = (value: unknown): value is number => typeof value === 'number';

const positiveInt = z.int().min(1);
const nonNegativeInt = z.int().min(0);

const nodeGroup = z
  .strictObject({
    instanceType: z.string().min(1).optional().describe('Instance type (AWS) or machine type (GCP). Default: the blueprint’s defaults (README, “Defaults”).'),
    minSize: nonNegativeInt.optional().describe('Fewest nodes. Default: the blueprint’s defaults (README, “Defaults”).'),
    desiredSize: nonNegativeInt.optional().describe('Nodes at creation; the autoscaler owns it afterwards. Default: the blueprint’s defaults (README, “Defaults”).'),
    maxSize: positiveInt.max(100).optional().describe('Most nodes (1-100). Default: the blueprint’s defaults (README, “Defaults”).'),
  })
  .superRefine((group, ctx) => checkNodeCounts(group, ctx), evenWithOtherProblems);

/** min <= desired <= max for the bounds a config sets (resolution keeps defaults consistent with them). */
function checkNodeCounts(group: { minSize?: unknown; desiredSize?: unknown; maxSize?: unknown }, ctx: z.RefinementCtx): void {
  const { minSize, desiredSize, maxSize } = group;
  if (isNumber(minSize) && isNumber(maxSize) && minSize > maxSize) {
    ctx.addIssue({ code: 'custom', path: ['minSize'], message: `minSize (${minSize}) must not exceed maxSize (${maxSize})` });
  }
  if (isNumber(desiredSize) && isNumber(maxSize) && desiredSize > maxSize) {
    ctx.addIssue({ code: 'custom', path: ['desiredSize'], message: `desiredSize (${desiredSize}) must not exceed maxSize (${maxSize})` });
  }
  if (isNumber(desiredSize) && isNumber(minSize) && desiredSize < minSize) {
    ctx.addIssue({ code: 'custom', path: ['desiredSize'], message: `desiredSize (${desiredSize}) must not be below minSize (${minSize})` });
  }
}

const DEFAULT_NOTE = 'Default: the blueprint’s defaults (README, “Defaults”).';

/** A GPU node pool. Which instance types carry a GPU depends on the cloud: checked with the whole config. */
const gpuPool = z
  .strictObject({
    instanceTypes: z
      .array(z.string().min(1))
      .min(1, { error: 'must list at least one instance type' })
      .max(10)
      .optional()
      .describe(`Cloud-specific: GPU instance types (AWS \`g5.xlarge\`) or machine types (GCP \`g2-standard-4\`), cheapest first. ${DEFAULT_NOTE}`),
    minSize: nonNegativeInt.optional().describe(`Fewest GPU nodes; 0 lets an idle pool cost nothing. ${DEFAULT_NOTE}`),
    desiredSize: nonNegativeInt.optional().describe(`GPU nodes at creation; the autoscaler owns it afterwards. ${DEFAULT_NOTE}`),
    maxSize: positiveInt.max(100).optional().describe(`Most GPU nodes (1-100). ${DEFAULT_NOTE}`),
    capacity: z.enum(['on-demand', 'spot']).optional().describe(`\`on-demand\` or \`spot\` nodes. ${DEFAULT_NOTE}`),
    spotFallbackToOnDemand: z.boolean().optional().describe(`Spot only: start on-demand nodes when spot has no room. ${DEFAULT_NOTE}`),
    allowSpotInProduction: z
      .boolean()
      .optional()
      .describe('Accept spot serving nodes, evicted at two minutes’ notice, in a production environment. Default: false (production refuses spot).'),
  })
  .superRefine((pool, ctx) => {
    checkNodeCounts(pool, ctx);
    if (pool.spotFallbackToOnDemand === true && pool.capacity !== undefined && pool.capacity !== 'spot') {
      ctx.addIssue({ code: 'custom', path: ['spotFallbackToOnDemand'], message: `applies to spot capacity only, but capacity is "${String(pool.capacity)}"` });
    }
  }, evenWithOtherProblems);

const featureStore = z.strictObject({
  nodeType: z
    .string()
    .min(1)
    .optional()
    .describe(`Cloud-specific: online store node type, ElastiCache (AWS, \`cache.r7g.large\`) or Memorystore (GCP, \`redis-highmem-medium\`). ${DEFAULT_NOTE}`),
  replicas: nonNegativeInt.max(5).optional().describe(`Read replicas of the online store (0-5); at least 1 for Multi-AZ failover when \`ha\`. ${DEFAULT_NOTE}`),
});

const triton = z
  .strictObject({
    minReplicas: nonNegativeInt.max(50).optional().describe(`Fewest Triton replicas; 0 (with \`wakeQuery\`) releases its GPU node when idle. ${DEFAULT_NOTE}`),
    maxReplicas: positiveInt.max(50).optional().describe(`Most Triton replicas (the autoscaler’s ceiling). ${DEFAULT_NOTE}`),
    targetQueueTimeMs: positiveInt.max(10000).optional().describe(`Queue time per request the autoscaler holds Triton at, in ms. ${DEFAULT_NOTE}`),
    wakeQuery: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('PromQL above 0 while callers want Triton (e.g. the rate of their requests), readable while no Triton pod runs: required with `minReplicas: 0`, since Triton’s own metrics vanish with its last pod.'),
  })
  .superRefine((t, ctx) => {
    if (isNumber(t.minReplicas) && isNumber(t.maxReplicas) && t.minReplicas > t.maxReplicas) {
      ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: `minReplicas (${t.minReplicas}) must not exceed maxReplicas (${t.maxReplicas})` });
    }
    if (t.minReplicas === 0 && t.wakeQuery === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['minReplicas'],
        message: 'minReplicas 0 needs wakeQuery: a PromQL query of the callers’ demand that can wake Triton, since its own queue metrics vanish with its last pod',
      });
    }
  }, evenWithOtherProblems);

export const VECTOR_DB_ENGINES = ['qdrant', 'pgvector'] as const;

const vectorDb = z
  .strictObject({
    engine: z.enum(VECTOR_DB_ENGINES).optional().describe(`\`qdrant\` (replicated, own volumes) or \`pgvector\` in the metadata database. ${DEFAULT_NOTE}`),
    replicas: positiveInt.max(9).optional().describe(`Qdrant only: replicas (1-9); at least 3 when \`ha\`, for a quorum. ${DEFAULT_NOTE}`),
    volumeGb: positiveInt.max(16384).optional().describe(`Qdrant only: encrypted volume per replica in GB. ${DEFAULT_NOTE}`),
  })
  .superRefine((v, ctx) => {
    if (v.engine !== 'pgvector' && isNumber(v.replicas) && v.replicas > 1 && v.replicas % 2 === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['replicas'],
        message: `must be 1 or odd, found ${v.replicas}: Qdrant's consensus needs a majority of peers, so ${v.replicas} survive no more failures than ${v.replicas - 1}; use ${v.replicas - 1} or ${v.replicas + 1}`,
      });
    }
    if (v.engine !== 'pgvector') return;
    for (const key of ['replicas', 'volumeGb'] as const) {
      if (v[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `applies to qdrant only: pgvector lives in the metadata database (size it with database.*); remove ${key}` });
      }
    }
  }, evenWithOtherProblems);

/** Weights come from the artifact bucket: a hub or another store at run time breaks air-gapped clusters. */
const artifactPrefix = z
  .string()
  .refine((prefix) => !/^[a-z0-9+.-]+:/i.test(prefix), {
    error: 'must be a key prefix inside the artifact bucket, not a URL: weights are never fetched from a model hub or another store at run time',
  })
  .regex(/^(?!\/)(?!.*\/\/)(?!.*(^|\/)\.\.?\/)[A-Za-z0-9._\-/]+\/$/, {
    error: 'must be a key prefix such as "models/llm/llama-3.1-8b-instruct/": letters, digits, ".", "_", "-" and "/", ending with "/"',
  });

/** A served model: its API name and where its weights are in the artifact bucket. */
const servedModel = (role: string, example: string) =>
  z
    .strictObject({
      name: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, { error: `must be a model name such as "${example}": lowercase letters, digits, ".", "_" and "-"` })
        .optional()
        .describe(`Name the OpenAI-compatible API serves the ${role} model as. ${DEFAULT_NOTE}`),
      artifactPrefix: artifactPrefix.optional().describe(`Key prefix of the weights in the artifact bucket, ending with \`/\`. ${DEFAULT_NOTE}`),
    })
    .optional();

const price = z.number().positive({ error: 'must be a positive amount of US dollars' }).optional();

const llmServing = z.strictObject({
  pool: gpuPool.optional().describe('The large-GPU pool the LLM servers run on, separate from the inference pool.'),
  model: servedModel('generator', 'llama-3.1-8b-instruct'),
  embeddingModel: servedModel('embedding', 'bge-base-en-v1.5'),
  maxReplicas: positiveInt.max(50).optional().describe(`Most generator server replicas (the autoscaler’s ceiling). ${DEFAULT_NOTE}`),
  pricePerThousandTokensUsd: price.describe(`Price of 1,000 generator tokens in US dollars, for the token cost signals. ${DEFAULT_NOTE}`),
  embeddingPricePerThousandTokensUsd: price.describe(`Price of 1,000 embedded tokens in US dollars, for the token cost signals. ${DEFAULT_NOTE}`),
});

const network = z.strictObject({
  cidr: ipv4Cidr
    .refine((cidr) => isValidCidr(cidr, 16, 20), { error: 'must be a valid IPv4 CIDR with a prefix between /16 and /20' })
    .optional()
    .describe('Address range of the network, /16 to /20. Default: the blueprint’s defaults (README, “Defaults”).'),
  availabilityZones: z
    .int()
    .min(2, { error: 'must be at least 2: private subnets span two or more zones' })
    .max(3)
    .optional()
    .describe('Zones the private subnets span (2-3). Default: the blueprint’s defaults (README, “Defaults”).'),
});

const cluster = z.strictObject({
  version: z
    .string()
    .regex(/^1\.\d{2}$/, { error: 'must be a Kubernetes minor version such as "1.31"' })
    .optional()
    .describe('Kubernetes minor version. Default: the blueprint’s defaults (README, “Defaults”).'),
  publicAccessCidrs: z
    .array(ipv4Cidr.refine((cidr) => !cidr.endsWith('/0'), { error: 'must not be open to the whole internet (/0): list the networks that need access' }))
    .optional()
    .describe('Networks allowed to reach the cluster API over the internet; never `0.0.0.0/0`. Default: none, the endpoint is private.'),
  systemNodes: nodeGroup.optional(),
});

const database = z
  .strictObject({
    instanceClass: z
      .string()
      .min(1)
      .optional()
      .describe('Cloud-specific: an RDS instance class (AWS, `db.t4g.medium`) or a Cloud SQL tier (GCP, `db-custom-2-7680`). Default: the blueprint’s defaults (README, “Defaults”).'),
    allocatedStorageGb: z.int().min(20).max(65536).optional().describe('Initial storage in GB. Default: the blueprint’s defaults (README, “Defaults”).'),
    maxAllocatedStorageGb: z.int().min(20).max(65536).optional().describe('Storage autoscaling ceiling in GB. Default: the blueprint’s defaults (README, “Defaults”).'),
    backupRetentionDays: z
      .int()
      .min(1, { error: 'must be at least 1: backups are always kept' })
      .max(35)
      .optional()
      .describe('Days automated backups are kept (1-35). Default: the blueprint’s defaults (README, “Defaults”).'),
  })
  .superRefine((db, ctx) => {
    if (isNumber(db.allocatedStorageGb) && isNumber(db.maxAllocatedStorageGb) && db.allocatedStorageGb > db.maxAllocatedStorageGb) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocatedStorageGb'],
        message: `allocatedStorageGb (${db.allocatedStorageGb}) must not exceed maxAllocatedStorageGb (${db.maxAllocatedStorageGb})`,
      });
    }
  }, evenWithOtherProblems);

const artifacts = z
  .strictObject({
    noncurrentTransitionDays: z
      .int()
      .min(30, { error: 'must be at least 30 (S3 minimum for STANDARD_IA)' })
      .optional()
      .describe('Days before a replaced artifact version moves to infrequent-access storage. Default: the blueprint’s defaults (README, “Defaults”).'),
    noncurrentExpirationDays: positiveInt.optional().describe('Days before a replaced artifact version is deleted. Default: the blueprint’s defaults (README, “Defaults”).'),
  })
  .superRefine((a, ctx) => {
    if (isNumber(a.noncurrentTransitionDays) && isNumber(a.noncurrentExpirationDays) && a.noncurrentExpirationDays <= a.noncurrentTransitionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['noncurrentExpirationDays'],
        message: `noncurrentExpirationDays (${a.noncurrentExpirationDays}) must be greater than noncurrentTransitionDays (${a.noncurrentTransitionDays})`,
      });
    }
  }, evenWithOtherProblems);

const budget = z.strictObject({
  monthlyUsd: z
    .number()
    .positive({ error: 'must be a positive amount of US dollars' })
    .optional()
    .describe('Monthly cost budget in US dollars, alerting at 80% and 100%. Default: the blueprint’s defaults (README, “Defaults”).'),
  alertEmails: z.array(z.email({ error: 'must be an email address' })).min(1).optional().describe('Who receives budget alerts. Default: `alerts.emails`.'),
});

const capabilities = z
  .strictObject(
    Object.fromEntries(
      CAPABILITY_NAMES.map((name) => [name, z.boolean().optional().describe(`Run ${CAPABILITY_DESCRIPTIONS[name]}. Default: the blueprint’s defaults (README, “Defaults”).`)]),
    ) as Record<Capability, z.ZodOptional<z.ZodBoolean>>,
  )
  .describe('Switch a capability of the blueprint on or off: off leaves no trace of it in any stack.');

/** An image tag Plinth's services run at: a release, never a moving tag. */
const imageVersion = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: 'must be an image tag such as "0.1.0"' })
  .refine((tag) => tag !== 'latest', { error: 'must be a release such as "0.1.0", not "latest": the registry keeps tags immutable' });

const platformServices = z.strictObject({
  version: imageVersion
    .optional()
    .describe('Image tag of Plinth’s services in the platform’s registry. Default: the version in package.json of this repository.'),
});

const environmentServices = z
  .strictObject({
    replicas: z
      .strictObject({
        min: positiveInt.max(50).optional().describe('Fewest replicas of each service. Default: the blueprint’s defaults (README, “Defaults”).'),
        max: positiveInt.max(50).optional().describe('Most replicas of each service (the autoscaler’s ceiling). Default: the blueprint’s defaults (README, “Defaults”).'),
      })
      .optional(),
    console: z
      .strictObject({
        ingressNamespace: z
          .string()
          .max(63, { error: 'must be at most 63 characters (a namespace name)' })
          .regex(DNS_LABEL, { error: 'must be a namespace name: lowercase letters, digits and "-", starting with a letter, such as "ingress-nginx"' })
          .optional()
          .describe(
            'Capability `console`: the namespace of the cluster’s ingress controller, whose pods may then connect to the console (you publish it with an Ingress of your own). Default: none; people reach it with `kubectl -n plinth port-forward svc/console 8080`.',
          ),
      })
      .optional(),
  })
  .superRefine((services, ctx) => {
    const replicas = isMapping(services.replicas) ? services.replicas : {};
    if (isNumber(replicas.min) && isNumber(replicas.max) && replicas.min > replicas.max) {
      ctx.addIssue({ code: 'custom', path: ['replicas', 'min'], message: `min (${replicas.min}) must not exceed max (${replicas.max})` });
    }
  }, evenWithOtherProblems);

/** GitHub's spelling of a repository: what the OIDC token's `sub` claim carries, compared case-sensitively by the clouds. */
const githubRepository = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/, {
  error: 'must be a GitHub repository "<owner>/<repo>" such as "acme/ml-platform", spelled as GitHub shows it (the OIDC subject is compared case-sensitively)',
});
/** One schema, not a union: the README's field table takes a union's description from its alternatives. */
const oidcProviderChoice = z.string().regex(/^(create|existing|arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com)$/, {
  error: 'must be "create", "existing" or the ARN of the account\'s GitHub OIDC provider such as "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"',
});

/** The `ci` capability's settings: which repository's workflows may plan and deploy (ci-roles.ts in each kit). */
const ci = z.strictObject({
  github: z.strictObject({
    repository: githubRepository.describe('Capability `ci`: the GitHub repository (`owner/repo`) whose workflows plan pull requests and deploy environments. Required when `ci` is on.'),
    oidcProvider: oidcProviderChoice
      .optional()
      .describe(
        'AWS only: the account’s one IAM OIDC provider for GitHub. `create`: the first environment with `ci` on in each account creates it, the others look it up; `existing`: every environment looks it up; an ARN: use that one. Default: `create`.',
      ),
  }),
});

const localBackend = z.strictObject({
  type: z.literal('local').describe('Where Terraform state lives: `local` files, `s3` with a DynamoDB lock (AWS) or `gcs` (GCP). Default: `local`.'),
  directory: z.string().min(1).optional().describe('Local only: folder of the state files, relative to platform.yaml. Default: its folder.'),
});

const s3Backend = z.strictObject({
  type: z.literal('s3').describe('Where Terraform state lives: `local` files, `s3` with a DynamoDB lock (AWS) or `gcs` (GCP). Default: `local`.'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }).describe('S3 only: state bucket.'),
  dynamodbTable: z.string().min(3).max(255).describe('S3 only: DynamoDB table holding the state lock.'),
  region: awsRegion.optional().describe('S3 only: region of the state bucket. Default: the environment region.'),
  keyPrefix: z.string().min(1).optional().describe('S3 only: prefix of the state object keys. Default: `<platform>/<environment>`.'),
});

const gcsBackend = z.strictObject({
  type: z.literal('gcs').describe('Where Terraform state lives: `local` files, `s3` with a DynamoDB lock (AWS) or `gcs` (GCP). Default: `local`.'),
  bucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{1,61}[a-z0-9]$/, { error: 'must be a GCS bucket name (3-63 lower-case letters, digits, "-", "_" and ".")' })
    .describe('GCS only: state bucket (GCS locks state itself; turn on its object versioning).'),
  prefix: z.string().min(1).optional().describe('GCS only: prefix of the state objects. Default: `<platform>/<environment>`.'),
});

const backend = z.discriminatedUnion('type', [localBackend, s3Backend, gcsBackend]);

const environment = z.strictObject({
  production: z.boolean().optional().describe('A production environment: production sizes, HA and deletion protection by default. Default: false.'),
  ha: z.boolean().optional().describe('Multi-AZ database and one NAT gateway per zone. Default: `production`.'),
  deletionProtection: z
    .boolean()
    .optional()
    .describe('Protect the database, buckets, repositories and key from deletion. Default: `production`.'),
  ttl: z
    .string()
    .regex(/^[1-9]\d*[hd]$/, { error: 'must be a duration in hours or days such as "72h" or "7d"' })
    .optional()
    .describe('Time to live of a short-lived environment (`72h`, `7d`), tagged on every resource for clean-up. Default: none.'),
  expiresAt: z.iso
    .datetime({ error: 'must be a UTC time such as "2026-12-04T15:00:00Z"' })
    .optional()
    .describe('When the environment expires, tagged on every resource as `plinth:expires-at`; `plinth janitor` destroys it after that. Set by `plinth preview up`. Default: never.'),
  previewOf: environmentName
    .optional()
    .describe('The environment a preview was derived from, tagged as `plinth:preview-of`. Set by `plinth preview up`. Default: none.'),
  cloud: cloudOverride.optional(),
  backend: backend.optional(),
  budget: budget.optional(),
  network: network.optional(),
  cluster: cluster.optional(),
  database: database.optional(),
  artifacts: artifacts.optional(),
  capabilities: capabilities.optional(),
  services: environmentServices.optional(),
  gpuInference: gpuPool.optional().describe('The GPU inference pool (capability `gpuInference`).'),
  featureStore: featureStore.optional(),
  triton: triton.optional(),
  vectorDb: vectorDb.optional(),
  llmServing: llmServing.optional(),
});

export const platformConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Pointer to this JSON Schema, for editors.'),
    platform: platformName.describe('Platform name: a DNS label of at most 20 characters, the prefix of every resource name.'),
    blueprint: z.enum(BLUEPRINT_NAMES).describe('What to build: `startup`, `realtime` or `llm-rag`.'),
    cloud,
    tags,
    alerts: z.strictObject({
      emails: z
        .array(z.email({ error: 'must be an email address' }))
        .min(1, { error: 'must list at least one email address' })
        .describe('Who hears about the platform: budget alerts, later monitoring alerts.'),
    }),
    capabilities: capabilities.optional(),
    services: platformServices.optional(),
    ci: ci.optional().describe('Settings of the `ci` capability (GitHub OIDC roles for plan and deploy).'),
    environments: z
      .record(environmentName, environment)
      .refine((envs) => Object.keys(envs).length > 0, { error: 'must define at least one environment' }),
  })
  .superRefine((config, ctx) => {
    const provider = (config.cloud as { provider?: unknown } | undefined)?.provider;
    const environments: Record<string, unknown> = isMapping(config.environments) ? config.environments : {};
    for (const [name, env] of Object.entries(environments)) {
      if (!isMapping(env)) continue;
      const path = ['environments', name];
      const cloudOverrides = isMapping(env.cloud) ? env.cloud : {};
      const regionSchema = provider === 'aws' ? awsRegion : provider === 'gcp' ? gcpRegion : undefined;
      if (typeof cloudOverrides.region === 'string' && regionSchema) {
        const parsed = regionSchema.safeParse(cloudOverrides.region);
        if (!parsed.success) ctx.addIssue({ code: 'custom', path: [...path, 'cloud', 'region'], message: parsed.error.issues[0]!.message });
      }
      if (provider === 'gcp') {
        for (const key of ['endpoint', 'accountId'] as const) {
          if (cloudOverrides[key] !== undefined) {
            ctx.addIssue({ code: 'custom', path: [...path, 'cloud', key], message: `${key} applies to AWS only, but cloud.provider is "gcp"` });
          }
        }
      }
      if (provider === 'aws' && cloudOverrides.project !== undefined) {
        ctx.addIssue({ code: 'custom', path: [...path, 'cloud', 'project'], message: 'project applies to GCP only, but cloud.provider is "aws"' });
      }
      const backendType = isMapping(env.backend) ? env.backend.type : undefined;
      const backendCloud = backendType === 's3' ? 'aws' : backendType === 'gcs' ? 'gcp' : undefined;
      if (backendCloud !== undefined && (provider === 'aws' || provider === 'gcp') && backendCloud !== provider) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'backend', 'type'],
          message: `found "${String(backendType)}", a backend on ${backendCloud.toUpperCase()}, but cloud.provider is "${provider}"; use "${provider === 'aws' ? 's3' : 'gcs'}" or "local"`,
        });
      }
      const databaseClass = isMapping(env.database) ? env.database.instanceClass : undefined;
      const classSchema = provider === 'aws' ? awsDatabaseClass : provider === 'gcp' ? gcpDatabaseClass : undefined;
      if (typeof databaseClass === 'string' && classSchema) {
        const parsed = classSchema.safeParse(databaseClass);
        if (!parsed.success) ctx.addIssue({ code: 'custom', path: [...path, 'database', 'instanceClass'], message: parsed.error.issues[0]!.message });
      }
      if (env.production === true && env.ttl !== undefined) {
        ctx.addIssue({ code: 'custom', path: [...path, 'ttl'], message: 'a production environment must not have a time to live' });
      }
      if (env.production === true && env.deletionProtection === false) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'deletionProtection'],
          message: 'a production environment must keep deletion protection (remove deletionProtection: false or production: true)',
        });
      }
    }
    if (provider === 'gcp' && isMapping(config.tags)) {
      const strings = Object.fromEntries(Object.entries(config.tags).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
      for (const problem of gcpLabelsOf(strings).problems) ctx.addIssue({ code: 'custom', path: ['tags', problem.tag], message: problem.message });
    }
    for (const problem of capabilityProblems(config)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  }, evenWithOtherProblems);

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type EnvironmentConfig = PlatformConfig['environments'][string];
export type CloudConfig = PlatformConfig['cloud'];
export type AwsCloudConfig = z.infer<typeof awsCloud>;
export type BackendConfig = z.infer<typeof backend>;
export type NodeGroupConfig = z.infer<typeof nodeGroup>;
export type GpuPoolConfig = z.infer<typeof gpuPool>;
export type FeatureStoreConfig = z.infer<typeof featureStore>;
export type TritonConfig = z.infer<typeof triton>;
export type VectorDbConfig = z.infer<typeof vectorDb>;
export type LlmServingConfig = z.infer<typeof llmServing>;
export type CapabilitiesConfig = z.infer<typeof capabilities>;
export type CiConfig = z.infer<typeof ci>;
export type BlueprintName = (typeof BLUEPRINT_NAMES)[number];

function isValidCidr(cidr: string, minPrefix: number, maxPrefix: number): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return false;
  const [a, b, c, d, prefix] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255) || prefix < minPrefix || prefix > maxPrefix) return false;
  const address = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const hostBits = 32 - prefix;
  return address % 2 ** hostBits === 0;
}
