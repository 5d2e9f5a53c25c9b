import type { StackJson } from '../support/synth';
import { configWith, GCP_TEST_CLOUD, synth } from './support/synth-config';
import { describeConsoleWorkload } from './support/console-workload';

/**
 * The same promises of the startup blueprint, read from each cloud's synthesized foundation: what a platform team
 * gets must not depend on the cloud. Each cloud says where its answer lives in its resources (CLOUD_FACTS); the
 * expectations below are written once.
 */
interface CloudFacts {
  /** References to the environment's own key. */
  keyReferences(stack: StackJson): string[];
  /** The key each data store is encrypted with: artifact bucket, database, registry repositories, cluster secrets. */
  encryptionKeys(stack: StackJson): Record<'bucket' | 'database' | 'registry' | 'clusterSecrets', string[]>;
  /** Whether anything of the store is reachable from the internet. */
  publicExposure(stack: StackJson): { bucketPublic: boolean; databasePublicIp: boolean; clusterOpenToInternet: boolean };
  /** The Kubernetes service accounts (`namespace/name`) that have a cloud identity of their own. */
  workloadIdentities(stack: StackJson): string[];
  databaseDeletionProtection(stack: StackJson): boolean;
  /** The labels or tags every resource gets from the provider. */
  defaultLabels(stack: StackJson): Record<string, string>;
}

const resources = (stack: StackJson, type: string): Record<string, any>[] => Object.values(stack.resource?.[type] ?? {}) as Record<string, any>[];
const names = (stack: StackJson, type: string): string[] => Object.keys(stack.resource?.[type] ?? {});
const first = (value: unknown): any => (Array.isArray(value) ? value[0] : value);

const CLOUD_FACTS: Record<'aws' | 'gcp', CloudFacts> = {
  aws: {
    keyReferences: (stack) => names(stack, 'aws_kms_key').flatMap((name) => [`\${aws_kms_key.${name}.arn}`, `\${aws_kms_key.${name}.id}`]),
    encryptionKeys: (stack) => ({
      // The access-log bucket is left out: S3 server access logging cannot deliver to a KMS-encrypted bucket.
      bucket: resources(stack, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((c) => {
        const key = first(first(c.rule).apply_server_side_encryption_by_default).kms_master_key_id;
        return key === undefined ? [] : [key];
      }),
      database: resources(stack, 'aws_db_instance').map((db) => db.kms_key_id),
      registry: resources(stack, 'aws_ecr_repository').map((repo) => first(repo.encryption_configuration).kms_key),
      clusterSecrets: resources(stack, 'aws_eks_cluster').map((cluster) => first(first(cluster.encryption_config).provider).key_arn),
    }),
    publicExposure: (stack) => ({
      bucketPublic: !resources(stack, 'aws_s3_bucket_public_access_block').every((block) => block.block_public_acls && block.block_public_policy && block.ignore_public_acls && block.restrict_public_buckets),
      databasePublicIp: resources(stack, 'aws_db_instance').some((db) => db.publicly_accessible !== false),
      clusterOpenToInternet: resources(stack, 'aws_eks_cluster').some((cluster) => {
        const vpc = first(cluster.vpc_config);
        return vpc.endpoint_public_access !== false && (vpc.public_access_cidrs ?? ['0.0.0.0/0']).some((cidr: string) => cidr.endsWith('/0'));
      }),
    }),
    workloadIdentities: (stack) =>
      resources(stack, 'aws_iam_role').flatMap((role) => {
        const subject = /system:serviceaccount:([^"]+)/.exec(role.assume_role_policy ?? '')?.[1];
        return subject ? [subject.replace(':', '/')] : [];
      }),
    databaseDeletionProtection: (stack) => resources(stack, 'aws_db_instance').every((db) => db.deletion_protection === true),
    defaultLabels: (stack) => first(first((stack as any).provider.aws).default_tags).tags,
  },
  gcp: {
    keyReferences: (stack) => names(stack, 'google_kms_crypto_key').map((name) => `\${google_kms_crypto_key.${name}.id}`),
    encryptionKeys: (stack) => ({
      bucket: resources(stack, 'google_storage_bucket').flatMap((bucket) => (bucket.encryption ? [first(bucket.encryption).default_kms_key_name] : [])),
      database: resources(stack, 'google_sql_database_instance').map((db) => db.encryption_key_name),
      registry: resources(stack, 'google_artifact_registry_repository').map((repo) => repo.kms_key_name),
      clusterSecrets: resources(stack, 'google_container_cluster').map((cluster) => first(cluster.database_encryption).key_name),
    }),
    publicExposure: (stack) => ({
      bucketPublic: !resources(stack, 'google_storage_bucket').every((bucket) => bucket.public_access_prevention === 'enforced' && bucket.uniform_bucket_level_access === true),
      databasePublicIp: resources(stack, 'google_sql_database_instance').some((db) => first(first(db.settings).ip_configuration).ipv4_enabled !== false),
      clusterOpenToInternet: resources(stack, 'google_container_cluster').some((cluster) => {
        const networks = first(cluster.master_authorized_networks_config)?.cidr_blocks ?? [];
        return first(cluster.private_cluster_config)?.enable_private_nodes !== true || networks.some((block: { cidr_block: string }) => block.cidr_block.endsWith('/0'));
      }),
    }),
    workloadIdentities: (stack) =>
      resources(stack, 'google_service_account_iam_member').flatMap((binding) => {
        const subject = /\.svc\.id\.goog\[([^\]]+)\]/.exec(binding.member ?? '')?.[1];
        return binding.role === 'roles/iam.workloadIdentityUser' && subject ? [subject] : [];
      }),
    databaseDeletionProtection: (stack) =>
      resources(stack, 'google_sql_database_instance').every((db) => db.deletion_protection === true && first(db.settings).deletion_protection_enabled === true),
    defaultLabels: (stack) => first((stack as any).provider.google).default_labels,
  },
};

const CLOUDS = {
  aws: { provider: 'aws', region: 'eu-west-1' },
  gcp: GCP_TEST_CLOUD,
} as const;

describe.each(['aws', 'gcp'] as const)('the startup blueprint keeps the same promises on %s', (cloud) => {
  const facts = CLOUD_FACTS[cloud];
  const stacks = synth(
    configWith((c) => {
      c.cloud = CLOUDS[cloud];
      c.environments = { dev: {}, prod: { production: true } };
    }),
  );
  const dev = stacks['acme-ml-dev-foundation']!;
  const prod = stacks['acme-ml-prod-foundation']!;

  describeConsoleWorkload(() => ({ foundation: dev, workloads: stacks['acme-ml-dev-workloads']! }));
  const withoutDrift = synth(
    configWith((c) => {
      c.cloud = CLOUDS[cloud];
      c.environments = { dev: { capabilities: { drift: false } } };
    }),
  )['acme-ml-dev-foundation']!;

  it("encrypts every data store with the environment's own key", () => {
    const keys = facts.keyReferences(dev);
    expect(keys.length).toBeGreaterThan(0);
    for (const [store, used] of Object.entries(facts.encryptionKeys(dev))) {
      expect({ store, count: used.length > 0 }).toEqual({ store, count: true });
      for (const key of used) expect({ store, key, ours: keys.includes(key) }).toEqual({ store, key, ours: true });
    }
  });

  it('keeps the bucket, the database and the cluster off the internet', () => {
    expect(facts.publicExposure(dev)).toEqual({ bucketPublic: false, databasePublicIp: false, clusterOpenToInternet: false });
  });

  it('gives every enabled service, and each database bootstrap job, a cloud identity of its own', () => {
    const identities = facts.workloadIdentities(dev);
    for (const service of ['tracking', 'drift', 'gates', 'inference']) expect(identities).toContain(`plinth/${service}`);
    for (const service of ['tracking', 'drift', 'gates']) expect(identities).toContain(`plinth/${service}-database-bootstrap`);
    expect(identities).not.toContain('plinth/inference-database-bootstrap');
    // The console calls only Plinth's services, with its users' tokens: no cloud identity.
    expect(identities.filter((subject) => subject.startsWith('plinth/console'))).toEqual([]);
  });

  it('a capability switched off leaves no identity behind', () => {
    const identities = facts.workloadIdentities(withoutDrift);
    expect(identities.filter((subject) => subject.startsWith('plinth/drift'))).toEqual([]);
    expect(identities).toContain('plinth/tracking');
  });

  it('labels every resource with owner, cost center and the environment', () => {
    expect(facts.defaultLabels(dev)).toMatchObject({ owner: 'ml-platform', 'cost-center': expect.any(String), environment: 'dev' });
  });

  it('protects the production database from deletion, not the development one', () => {
    expect(facts.databaseDeletionProtection(prod)).toBe(true);
    expect(facts.databaseDeletionProtection(dev)).toBe(false);
  });
});

describe("the services' database login on each cloud is one their --database-iam-auth accepts", () => {
  /** A synthesized argument with its Terraform references filled in the way apply would. */
  const applied = (value: string) =>
    value
      .replace(/\$\{[^}]*google_sql_user[^}]*name\}/g, 'tracking@acme-ml-prod.iam')
      .replace(/\$\{[^}]*connection_name\}/g, 'acme-ml-prod:europe-west4:acme-ml-dev-metadata')
      .replace(/\$\{[^}]*\}/g, 'db.example.internal');

  it.each(['aws', 'gcp'] as const)('%s', (cloud) => {
    const workloads = synth(configWith((c) => ((c.cloud = CLOUDS[cloud]), (c.environments = { dev: {} }))))['acme-ml-dev-workloads']!;
    const deployment = Object.values(workloads.resource!.kubernetes_manifest!)
      .map((resource: any) => resource.manifest)
      .find((manifest: any) => manifest.kind === 'Deployment' && manifest.metadata.name === 'tracking');
    const args: string[] = deployment.spec.template.spec.containers[0].args;
    const url = new URL(applied(args[args.indexOf('--database-url') + 1]!));
    const iamAuth = args[args.indexOf('--database-iam-auth') + 1];
    expect(iamAuth).toBe(cloud);
    if (cloud === 'aws') {
      const { iamConnectionOf } = require('../../services/kit/database/database-iam-auth') as typeof import('../../services/kit/database/database-iam-auth');
      expect(iamConnectionOf(url)).toMatchObject({ user: 'plinth_tracking', database: 'tracking' });
    } else {
      const { cloudSqlConnectionOf } = require('../../services/kit/database/cloud-sql-url') as typeof import('../../services/kit/database/cloud-sql-url');
      expect(cloudSqlConnectionOf(url)).toMatchObject({ user: 'tracking@acme-ml-prod.iam', database: 'tracking', instanceConnectionName: 'acme-ml-prod:europe-west4:acme-ml-dev-metadata' });
    }
  });
});

describe("pods reach their cloud identity's tokens, and nothing else of the node", () => {
  const policiesOf = (cloud: 'aws' | 'gcp') => {
    const workloads = synth(configWith((c) => ((c.cloud = CLOUDS[cloud]), (c.environments = { dev: {} }))))['acme-ml-dev-workloads']!;
    return Object.values(workloads.resource!.kubernetes_manifest!)
      .map((resource: any) => resource.manifest)
      .filter((manifest: any) => manifest.kind === 'NetworkPolicy' && manifest.metadata.namespace === 'plinth');
  };

  it("GCP: the services' namespace lets every pod reach GKE's metadata server for Workload Identity", () => {
    const identity = policiesOf('gcp').find((policy: any) => policy.metadata.name === 'allow-identity-endpoints');
    expect(identity?.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ protocol: 'TCP', port: 80 }] },
        { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ protocol: 'TCP', port: 988 }] },
      ],
    });
  });

  it("AWS: no policy opens the node's metadata endpoint (IRSA's token is projected into the pod)", () => {
    const egress = policiesOf('aws').flatMap((policy: any) => policy.spec.egress ?? []);
    expect(egress.flatMap((rule: any) => rule.to ?? []).filter((peer: any) => peer.ipBlock?.cidr?.startsWith('169.254.'))).toEqual([]);
  });
});
