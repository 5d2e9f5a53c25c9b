import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../core/config/load';
import { BLUEPRINT_NAMES } from '../../core/config/schema';
import { BLUEPRINTS } from '../../blueprints';
import { CLOUD_KITS } from '../../stacks/cloud-kits';
import { IMPLEMENTED, IMPLEMENTED_BLUEPRINTS, IMPLEMENTED_CLOUDS } from '../../stacks/implemented';
import { buildPlatformApp } from '../../stacks/platform-app';
import { readDefaultConfig, resourceAddresses } from '../support/synth';
import { configWith, GCP_TEST_CLOUD, synth } from './support/synth-config';

describe('the default platform.yaml', () => {
  const config = parseConfig(readDefaultConfig(), 'platform.yaml');
  const stacks = synth(config);

  it('gives every environment a foundation and a workloads stack named <platform>-<env>-<layer>', () => {
    expect(Object.keys(stacks).sort()).toEqual(['acme-ml-dev-foundation', 'acme-ml-dev-workloads', 'acme-ml-local-foundation', 'acme-ml-local-workloads']);
  });

  it('builds the whole startup foundation: key, network, buckets, database, registry, cluster, model registry, budget', () => {
    const types = new Set(resourceAddresses(stacks['acme-ml-dev-foundation']!).map((a) => a.split('.')[0]));
    for (const type of ['aws_kms_key', 'aws_vpc', 'aws_flow_log', 'aws_s3_bucket', 'aws_db_instance', 'aws_ecr_repository', 'aws_eks_cluster', 'aws_eks_node_group', 'aws_sagemaker_model_package_group', 'aws_budgets_budget']) {
      expect(types).toContain(type);
    }
  });

  it('tags every taggable resource with owner, cost-center and environment through provider default tags', () => {
    const tags = (stacks['acme-ml-dev-foundation']!.provider!.aws![0]!.default_tags as { tags: Record<string, string> }[])[0]!.tags;
    expect(tags).toMatchObject({ owner: 'ml-platform', 'cost-center': 'cc-4711', environment: 'dev', platform: 'acme-ml', 'managed-by': 'plinth' });
    expect(tags.ttl).toBeUndefined();
    const local = (stacks['acme-ml-local-foundation']!.provider!.aws![0]!.default_tags as { tags: Record<string, string> }[])[0]!.tags;
    expect(local).toMatchObject({ environment: 'local', ttl: '24h' });
  });

  it('sends only the local environment to the emulator', () => {
    expect(stacks['acme-ml-dev-foundation']!.provider!.aws![0]!.endpoints).toBeUndefined();
    expect(stacks['acme-ml-local-foundation']!.provider!.aws![0]!.endpoints).toEqual([expect.objectContaining({ s3: 'http://127.0.0.1:4566', eks: 'http://127.0.0.1:4566' })]);
  });

  it('keeps state locally next to platform.yaml unless the environment says otherwise', () => {
    expect(stacks['acme-ml-dev-foundation']!.terraform!.backend).toEqual({ local: { path: '/srv/platform/terraform.acme-ml-dev-foundation.tfstate' } });
    expect(stacks['acme-ml-local-foundation']!.terraform!.backend).toEqual({ local: { path: '/srv/platform/.plinth/state/terraform.acme-ml-local-foundation.tfstate' } });
  });
});

describe('the workloads stack reaches the cluster through the foundation stack’s outputs', () => {
  const stacks = synth(parseConfig(readDefaultConfig(), 'platform.yaml'));
  const foundation = stacks['acme-ml-dev-foundation']!;
  const workloads = stacks['acme-ml-dev-workloads']!;
  const clusterName = Object.keys(foundation.resource!.aws_eks_cluster!)[0]!;
  const outputs = foundation.output!;
  const remote = workloads.data!.terraform_remote_state!;
  const remoteName = Object.keys(remote)[0]!;
  /** The remote-state expressions that read a cluster attribute from the foundation's outputs. */
  const fromFoundation = (attribute: string, wrap = (ref: string) => `\${${ref}}`) => {
    const names = Object.entries(outputs).filter(([, o]) => o.value === `\${aws_eks_cluster.${clusterName}.${attribute}}`).map(([name]) => name);
    expect(names.length).toBeGreaterThan(0);
    return names.map((name) => wrap(`data.terraform_remote_state.${remoteName}.outputs.${name}`));
  };

  it('reads the foundation’s state, from the same backend the foundation writes', () => {
    expect(remote[remoteName]).toMatchObject({ backend: 'local', config: { path: (foundation.terraform!.backend as any).local.path } });
  });

  it('configures the Kubernetes provider with the cluster endpoint, CA and a token from `aws eks get-token`', () => {
    const kubernetes = workloads.provider!.kubernetes![0]!;
    expect(fromFoundation('endpoint')).toContain(kubernetes.host);
    expect(fromFoundation('certificate_authority[0].data', (ref) => `\${base64decode(${ref})}`)).toContain(kubernetes.cluster_ca_certificate);
    const [exec] = kubernetes.exec as { api_version: string; command: string; args: string[] }[];
    expect(exec).toMatchObject({ api_version: 'client.authentication.k8s.io/v1beta1', command: 'aws' });
    expect(exec!.args).toEqual(['eks', 'get-token', '--cluster-name', expect.any(String), '--region', 'eu-west-1']);
    expect(fromFoundation('name')).toContain(exec!.args[3]);
  });

  it('configures the Helm provider with the same connection', () => {
    const helm = workloads.provider!.helm![0]!.kubernetes as Record<string, any>;
    const kubernetes = workloads.provider!.kubernetes![0]!;
    expect(helm.host).toBe(kubernetes.host);
    expect(helm.cluster_ca_certificate).toBe(kubernetes.cluster_ca_certificate);
    expect(helm.exec).toEqual((kubernetes.exec as unknown[])[0]);
  });

  it('holds the platform namespace under the restricted Pod Security Standard, with ingress and egress denied by default', () => {
    const manifests = Object.values(workloads.resource!.kubernetes_manifest!).map((resource: any) => resource.manifest);
    const namespace = manifests.find((m) => m.kind === 'Namespace' && m.metadata.name === 'plinth');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const deny = manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata.namespace === 'plinth' && m.metadata.name === 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('runs each service from the platform’s own registry at the configured version, as its own service account bound to its own role', () => {
    const services = synth(configWith((c) => (c.services = { version: '1.4.2' })));
    const manifests = Object.values(services['acme-ml-dev-workloads']!.resource!.kubernetes_manifest!).map((resource: any) => resource.manifest);
    for (const name of ['tracking', 'drift', 'gates', 'inference']) {
      const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);
      const [container] = deployment.spec.template.spec.containers;
      expect(container.image).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^}]+\\.cross-stack-output-aws_ecr_repositoryRegistry_${name}_[0-9A-F]+repository_url\\}:1\\.4\\.2$`));
      expect(deployment.spec.template.spec.serviceAccountName).toBe(name);
      const account = manifests.find((m) => m.kind === 'ServiceAccount' && m.metadata.name === name);
      expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^}]+Identity-plinth-${name}_Role_[0-9A-F]+arn\\}$`));
    }
  });
});

describe('environment overrides', () => {
  it('a production environment gets HA, deletion protection and production sizes', () => {
    const stacks = synth(configWith((c) => (c.environments = { prod: { production: true } })));
    const foundation = stacks['acme-ml-prod-foundation']!;
    const db = Object.values(foundation.resource!.aws_db_instance!)[0] as any;
    expect(db).toMatchObject({ multi_az: true, deletion_protection: true, instance_class: 'db.r6g.large', backup_retention_period: 30 });
    expect(Object.keys(foundation.resource!.aws_nat_gateway!)).toHaveLength(3);
    expect(Object.values(foundation.resource!.aws_s3_bucket!).every((b: any) => b.force_destroy === false)).toBe(true);
  });

  it('a short-lived environment is disposable and tagged with its time to live', () => {
    const stacks = synth(configWith((c) => (c.environments = { 'pr-42': { ttl: '72h' } })));
    const foundation = stacks['acme-ml-pr-42-foundation']!;
    const db = Object.values(foundation.resource!.aws_db_instance!)[0] as any;
    expect(db).toMatchObject({ deletion_protection: false, skip_final_snapshot: true, multi_az: false });
    expect(((foundation.provider!.aws![0]!.default_tags as any)[0].tags as Record<string, string>).ttl).toBe('72h');
  });

  it('sizes and counts from the config reach the resources', () => {
    const stacks = synth(
      configWith((c) => {
        c.environments.dev.cluster = { systemNodes: { instanceType: 'm6i.xlarge', minSize: 2, maxSize: 5 }, publicAccessCidrs: ['198.51.100.0/24'] };
        c.environments.dev.database = { instanceClass: 'db.t4g.large', backupRetentionDays: 14 };
        c.environments.dev.network = { cidr: '10.42.0.0/16', availabilityZones: 3 };
        c.environments.dev.budget = { monthlyUsd: 1234, alertEmails: ['finops@acme.example'] };
      }),
    );
    const foundation = stacks['acme-ml-dev-foundation']!;
    const pool = Object.values(foundation.resource!.aws_eks_node_group!)[0] as any;
    expect(pool.instance_types).toEqual(['m6i.xlarge']);
    expect(pool.scaling_config).toEqual({ min_size: 2, desired_size: 2, max_size: 5 });
    expect((Object.values(foundation.resource!.aws_eks_cluster!)[0] as any).vpc_config.public_access_cidrs).toEqual(['198.51.100.0/24']);
    expect(Object.values(foundation.resource!.aws_db_instance!)[0]).toMatchObject({ instance_class: 'db.t4g.large', backup_retention_period: 14 });
    expect((Object.values(foundation.resource!.aws_vpc!)[0] as any).cidr_block).toBe('10.42.0.0/16');
    expect(Object.values(foundation.resource!.aws_subnet!)).toHaveLength(6);
    expect(Object.values(foundation.resource!.aws_budgets_budget!)[0]).toMatchObject({ limit_amount: '1234.00' });
  });

  it('the longest platform and environment names the config allows synthesize, with every IAM role name within IAM’s 64 characters', () => {
    const stacks = synth(
      configWith((c) => {
        c.platform = 'a'.repeat(20);
        c.environments = { ['e'.repeat(12)]: {} };
      }),
    );
    const roles = Object.values(stacks[`${'a'.repeat(20)}-${'e'.repeat(12)}-foundation`]!.resource!.aws_iam_role!) as { name: string }[];
    expect(roles.length).toBeGreaterThan(4);
    expect(roles.filter((role) => role.name.length > 64)).toEqual([]);
    expect(new Set(roles.map((role) => role.name)).size).toBe(roles.length);
  });

  it('an S3 backend with a DynamoDB lock is used by both stacks, and by the cross-stack read', () => {
    const stacks = synth(configWith((c) => (c.environments.dev.backend = { type: 's3', bucket: 'acme-tf-state', dynamodbTable: 'acme-tf-lock' })));
    expect(stacks['acme-ml-dev-foundation']!.terraform!.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'acme-ml/dev/acme-ml-dev-foundation.tfstate', region: 'eu-west-1', dynamodb_table: 'acme-tf-lock', encrypt: true },
    });
    expect((stacks['acme-ml-dev-workloads']!.terraform!.backend as any).s3.key).toBe('acme-ml/dev/acme-ml-dev-workloads.tfstate');
    const remote = Object.values(stacks['acme-ml-dev-workloads']!.data!.terraform_remote_state!)[0] as any;
    expect(remote).toMatchObject({ backend: 's3', config: { bucket: 'acme-tf-state', key: 'acme-ml/dev/acme-ml-dev-foundation.tfstate' } });
  });
});

describe('every blueprint and cloud the schema accepts', () => {
  it('the lists `plinth config validate` reads without loading the constructs are the blueprints and kits synth has', () => {
    expect([...IMPLEMENTED_BLUEPRINTS].sort()).toEqual(Object.keys(BLUEPRINTS).sort());
    expect([...IMPLEMENTED_CLOUDS].sort()).toEqual(Object.keys(CLOUD_KITS).sort());
  });

  const combinations = BLUEPRINT_NAMES.flatMap((blueprint) => [
    { blueprint, cloud: { provider: 'aws', region: 'eu-west-1' } },
    { blueprint, cloud: { ...GCP_TEST_CLOUD } },
  ]);

  it.each(combinations.map((c) => [`${c.blueprint} on ${c.cloud.provider}`, c] as const))('%s is valid config, and synthesizes fully or is refused as not implemented yet', (_name, combination) => {
    const config = configWith((c) => {
      c.blueprint = combination.blueprint;
      c.cloud = combination.cloud;
      delete c.environments.local;
    });
    const outdir = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-combo-')), 'out');
    if (IMPLEMENTED[combination.cloud.provider as 'aws' | 'gcp'].includes(combination.blueprint)) {
      buildPlatformApp({ file: 'platform.yaml', directory: '/srv', config }, outdir).synth();
      expect(existsSync(path.join(outdir, 'manifest.json'))).toBe(true);
      return;
    }
    expect(() => buildPlatformApp({ file: 'platform.yaml', directory: '/srv', config }, outdir)).toThrow(/not implemented yet.*nothing was synthesized/);
    expect(existsSync(outdir)).toBe(false);
  });
});
