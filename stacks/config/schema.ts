import { z } from 'zod';

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

const environmentName = z
  .string()
  .max(12, { error: 'must be at most 12 characters (it is part of every resource name)' })
  .regex(DNS_LABEL, {
    error: 'must be DNS-safe: lowercase letters, digits and "-", starting with a letter and not ending with "-"',
  });

export const BLUEPRINTS = ['startup', 'realtime', 'llm-rag'] as const;

const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, {
  error: 'must be an AWS region name such as "eu-west-1"',
});
const gcpRegion = z.string().regex(/^[a-z]+-[a-z]+\d$/, { error: 'must be a GCP region name such as "europe-west4"' });
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as "http://127.0.0.1:4566"' });
const awsAccountId = z.string().regex(/^\d{12}$/, { error: 'must be a 12-digit AWS account id' });

const awsCloud = z.strictObject({
  provider: z.literal('aws'),
  /** Region every resource of the platform lives in. */
  region: awsRegion,
  /**
   * Send every AWS API call to this endpoint instead of AWS: an emulator such as moto or LocalStack.
   * Credentials checks are skipped and dummy keys are used.
   */
  endpoint: httpUrl.optional(),
  /** Account id, needed by resources that take it explicitly (budgets) when the account cannot be looked up. */
  accountId: awsAccountId.optional(),
});

const gcpCloud = z.strictObject({
  provider: z.literal('gcp'),
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: 'must be a GCP project id (6-30 characters)' }),
  region: gcpRegion,
});

const cloud = z.discriminatedUnion('provider', [awsCloud, gcpCloud]);

/** Per-environment cloud overrides: an environment can use another region or point at an emulator. */
const cloudOverride = z.strictObject({
  region: z.string().optional(),
  endpoint: httpUrl.optional(),
  accountId: awsAccountId.optional(),
});

const tagKey = z.string().regex(/^[\w.:/=+@ -]{1,128}$/, { error: 'must be 1-128 letters, digits, spaces or _.:/=+-@' });
const tagValue = z.string().max(256, { error: 'must be at most 256 characters' });

const tags = z
  .object({
    owner: tagValue.min(1, { error: 'must not be empty' }),
    'cost-center': tagValue.min(1, { error: 'must not be empty' }),
  })
  .catchall(tagValue)
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

const positiveInt = z.int().min(1);
const nonNegativeInt = z.int().min(0);

const nodeGroup = z
  .strictObject({
    /** EC2 instance type (AWS) or machine type (GCP). */
    instanceType: z.string().min(1).optional(),
    minSize: nonNegativeInt.optional(),
    desiredSize: nonNegativeInt.optional(),
    maxSize: positiveInt.max(100).optional(),
  })
  .superRefine((group, ctx) => {
    const { minSize, desiredSize, maxSize } = group;
    if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
      ctx.addIssue({ code: 'custom', path: ['minSize'], message: `minSize (${minSize}) must not exceed maxSize (${maxSize})` });
    }
    if (desiredSize !== undefined && maxSize !== undefined && desiredSize > maxSize) {
      ctx.addIssue({ code: 'custom', path: ['desiredSize'], message: `desiredSize (${desiredSize}) must not exceed maxSize (${maxSize})` });
    }
    if (desiredSize !== undefined && minSize !== undefined && desiredSize < minSize) {
      ctx.addIssue({ code: 'custom', path: ['desiredSize'], message: `desiredSize (${desiredSize}) must not be below minSize (${minSize})` });
    }
  });

const network = z.strictObject({
  /** VPC address range; /16 to /20 leaves room for the subnets. */
  cidr: ipv4Cidr
    .refine((cidr) => isValidCidr(cidr, 16, 20), { error: 'must be a valid IPv4 CIDR with a prefix between /16 and /20' })
    .optional(),
  /** Availability zones to spread subnets over. */
  availabilityZones: z.int().min(2, { error: 'must be at least 2: private subnets span two or more zones' }).max(3).optional(),
});

const cluster = z.strictObject({
  /** Kubernetes minor version. */
  version: z.string().regex(/^1\.\d{2}$/, { error: 'must be a Kubernetes minor version such as "1.31"' }).optional(),
  /**
   * CIDR blocks allowed to reach a public API endpoint. Empty (the default) keeps the endpoint
   * private: deploy the workloads stack from a runner inside the VPC.
   */
  publicAccessCidrs: z
    .array(ipv4Cidr.refine((cidr) => !cidr.endsWith('/0'), { error: 'must not be open to the whole internet (/0): list the networks that need access' }))
    .optional(),
  systemNodes: nodeGroup.optional(),
});

const database = z
  .strictObject({
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: 'must be an RDS instance class such as "db.t4g.medium"' }).optional(),
    allocatedStorageGb: z.int().min(20).max(65536).optional(),
    maxAllocatedStorageGb: z.int().min(20).max(65536).optional(),
    backupRetentionDays: z.int().min(1, { error: 'must be at least 1: backups are always kept' }).max(35).optional(),
  })
  .superRefine((db, ctx) => {
    if (db.allocatedStorageGb !== undefined && db.maxAllocatedStorageGb !== undefined && db.allocatedStorageGb > db.maxAllocatedStorageGb) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocatedStorageGb'],
        message: `allocatedStorageGb (${db.allocatedStorageGb}) must not exceed maxAllocatedStorageGb (${db.maxAllocatedStorageGb})`,
      });
    }
  });

const artifacts = z
  .strictObject({
    /** Days before a replaced artifact version moves to infrequent-access storage. */
    noncurrentTransitionDays: z.int().min(30, { error: 'must be at least 30 (S3 minimum for STANDARD_IA)' }).optional(),
    /** Days before a replaced artifact version is deleted. */
    noncurrentExpirationDays: positiveInt.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.noncurrentTransitionDays !== undefined && a.noncurrentExpirationDays !== undefined && a.noncurrentExpirationDays <= a.noncurrentTransitionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['noncurrentExpirationDays'],
        message: `noncurrentExpirationDays (${a.noncurrentExpirationDays}) must be greater than noncurrentTransitionDays (${a.noncurrentTransitionDays})`,
      });
    }
  });

const budget = z.strictObject({
  /** Monthly cost budget in US dollars; alerts at 80% and 100%. */
  monthlyUsd: z.number().positive({ error: 'must be a positive amount of US dollars' }).optional(),
  /** Who receives budget alerts. @default alerts.emails */
  alertEmails: z.array(z.email({ error: 'must be an email address' })).min(1).optional(),
});

const localBackend = z.strictObject({
  type: z.literal('local'),
  /** Folder for state files, relative to platform.yaml. @default the folder of platform.yaml */
  directory: z.string().min(1).optional(),
});

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: 'must be an S3 bucket name' }),
  /** DynamoDB table holding the state lock. */
  dynamodbTable: z.string().min(3).max(255),
  region: awsRegion.optional(),
  /** Prefix of the state object keys. @default "<platform>/<environment>" */
  keyPrefix: z.string().min(1).optional(),
});

const backend = z.discriminatedUnion('type', [localBackend, s3Backend]);

const environment = z.strictObject({
  /** Production environments get HA and deletion protection by default and enforce policies at synth. */
  production: z.boolean().optional(),
  /** Multi-AZ database and one NAT gateway per zone. @default production */
  ha: z.boolean().optional(),
  /** Protect the database, cluster data and buckets from deletion. @default production */
  deletionProtection: z.boolean().optional(),
  /** Time to live of a short-lived environment, e.g. "72h" or "7d"; tagged on every resource for clean-up. */
  ttl: z.string().regex(/^[1-9]\d*[hd]$/, { error: 'must be a duration in hours or days such as "72h" or "7d"' }).optional(),
  cloud: cloudOverride.optional(),
  backend: backend.optional(),
  budget: budget.optional(),
  network: network.optional(),
  cluster: cluster.optional(),
  database: database.optional(),
  artifacts: artifacts.optional(),
});

export const platformConfigSchema = z
  .strictObject({
    /** Optional pointer to the JSON Schema, for editors. */
    $schema: z.string().optional(),
    platform: platformName,
    blueprint: z.enum(BLUEPRINTS),
    cloud,
    tags,
    /** Who hears about the platform: budget alerts today, monitoring alerts later. */
    alerts: z.strictObject({
      emails: z.array(z.email({ error: 'must be an email address' })).min(1, { error: 'must list at least one email address' }),
    }),
    environments: z
      .record(environmentName, environment)
      .refine((envs) => Object.keys(envs).length > 0, { error: 'must define at least one environment' }),
  })
  .superRefine((config, ctx) => {
    for (const [name, env] of Object.entries(config.environments)) {
      const path = ['environments', name];
      if (env.cloud?.region !== undefined) {
        const regionSchema = config.cloud.provider === 'aws' ? awsRegion : gcpRegion;
        const parsed = regionSchema.safeParse(env.cloud.region);
        if (!parsed.success) ctx.addIssue({ code: 'custom', path: [...path, 'cloud', 'region'], message: parsed.error.issues[0]!.message });
      }
      if (config.cloud.provider !== 'aws') {
        for (const key of ['endpoint', 'accountId'] as const) {
          if (env.cloud?.[key] !== undefined) {
            ctx.addIssue({ code: 'custom', path: [...path, 'cloud', key], message: `${key} applies to AWS only, but cloud.provider is "${config.cloud.provider}"` });
          }
        }
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
  });

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type EnvironmentConfig = PlatformConfig['environments'][string];
export type CloudConfig = PlatformConfig['cloud'];
export type AwsCloudConfig = z.infer<typeof awsCloud>;
export type BackendConfig = z.infer<typeof backend>;
export type NodeGroupConfig = z.infer<typeof nodeGroup>;
export type Blueprint = (typeof BLUEPRINTS)[number];

function isValidCidr(cidr: string, minPrefix: number, maxPrefix: number): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!match) return false;
  const [a, b, c, d, prefix] = match.slice(1).map(Number) as [number, number, number, number, number];
  if ([a, b, c, d].some((octet) => octet > 255) || prefix < minPrefix || prefix > maxPrefix) return false;
  const address = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const hostBits = 32 - prefix;
  return address % 2 ** hostBits === 0;
}
