import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TerraformStack } from 'cdktf';
import { AwsKit } from '../../../constructs/aws/kit';
import type { CacheSpec } from '../../../constructs/kit';
import { blocking } from '../../../policies/engine/evaluate';
import { evaluateSynthesizedStack } from '../../../policies/synth';
import { only, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';
import type { StackJson } from '../../support/synth';
import { offlineCliConfig, requireTerraformWithMirror, tail, terraform } from '../../support/terraform';

const DEV: CacheSpec = { nodeType: 'cache.t4g.small', highlyAvailable: false, snapshotRetentionDays: 3, replicas: 0 };
const CIDR = '10.30.0.0/16';

function kitIn(stack: TerraformStack, deletionProtection = false): AwsKit {
  return new AwsKit(stack, {
    region: 'eu-west-1',
    context: { namePrefix: 'acme-dev', deletionProtection },
    network: { cidr: CIDR, zoneCount: 2, natPerZone: false, flowLogRetentionDays: 30 },
    tags: { owner: 'o' },
    costTag: { key: 'plinth:environment', value: 'acme-dev' },
  });
}

/** A cache with Feast's identity granted, as the realtime blueprint will build it. */
function cacheStack(spec: CacheSpec = DEV, deletionProtection = false): { stack: StackJson; userName: string } {
  let userName = '';
  const stack = synthAwsStack((s) => {
    const kit = kitIn(s, deletionProtection);
    const cache = kit.onlineCache('OnlineCache', spec);
    const feast = kit.kubernetesCluster('Cluster', { version: '1.31', publicAccessCidrs: [], logRetentionDays: 30 }).addWorkloadIdentity('feast', 'feature-server');
    userName = cache.grantConnect(feast, 'feast');
    cache.grantConnect(feast, 'feast');
  });
  return { stack, userName };
}

/** Every key anywhere in a JSON value. */
function keysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysIn(inner)]);
  return [];
}

describe('RedisCache (the online feature store on ElastiCache)', () => {
  const { stack, userName } = cacheStack();
  const group = only(stack, 'aws_elasticache_replication_group');
  const keyArn = refTo(stack, 'aws_kms_key', 'arn');

  it('is a pinned Valkey replication group with its own parameter group that refuses writes when full instead of evicting features', () => {
    expect(group).toMatchObject({ replication_group_id: 'acme-dev-cache', engine: 'valkey', engine_version: '8.0', node_type: 'cache.t4g.small', port: 6379 });
    const parameters = only(stack, 'aws_elasticache_parameter_group');
    expect(parameters).toMatchObject({ family: 'valkey8', parameter: [{ name: 'maxmemory-policy', value: 'noeviction' }] });
    expect(group.parameter_group_name).toBe(refTo(stack, 'aws_elasticache_parameter_group', 'name'));
  });

  it('encrypts data at rest with the environment key and requires TLS', () => {
    expect(group).toMatchObject({ at_rest_encryption_enabled: 'true', kms_key_id: keyArn, transit_encryption_enabled: true, transit_encryption_mode: 'required' });
  });

  it('authenticates with IAM only: the default user is off and no password or AUTH token is anywhere in the Terraform code', () => {
    expect(group.user_group_ids).toEqual([refTo(stack, 'aws_elasticache_user_group', 'user_group_id')]);
    const users = resourcesOf(stack, 'aws_elasticache_user');
    expect(users.map((u) => [u.user_name, u.access_string, u.authentication_mode.type]).sort()).toEqual([
      ['acme-dev-cache-feast', 'on ~* +@all -@dangerous', 'iam'],
      ['default', 'off -@all', 'no-password-required'],
    ]);
    const feast = users.find((u) => u.user_name === 'acme-dev-cache-feast')!;
    expect(feast.user_id).toBe(feast.user_name);
    expect(userName).toBe('acme-dev-cache-feast');
    const association = only(stack, 'aws_elasticache_user_group_association');
    expect(association.user_group_id).toBe(refTo(stack, 'aws_elasticache_user_group', 'user_group_id'));
    expect(keysIn(stack).filter((key) => /password|auth_token/i.test(key) && key !== 'manage_master_user_password')).toEqual([]);
    expect(stack.resource?.random_password).toBeUndefined();
  });

  it('lives in private subnets only and takes 6379 from the VPC range only', () => {
    const subnetIds: string[] = only(stack, 'aws_elasticache_subnet_group').subnet_ids;
    const privateNames = Object.entries(stack.resource!.aws_subnet!).filter(([, s]) => (s as any).tags.Name.includes('private')).map(([name]) => name);
    expect(subnetIds.sort()).toEqual(privateNames.map((name) => `\${aws_subnet.${name}.id}`).sort());
    const cacheGroup = refTo(stack, 'aws_elasticache_subnet_group', 'name');
    expect(group.subnet_group_name).toBe(cacheGroup);
    const cacheSg = Object.entries(stack.resource!.aws_security_group!).find(([, g]) => (g as any).name === 'acme-dev-cache-cache')![0];
    expect(group.security_group_ids).toEqual([`\${aws_security_group.${cacheSg}.id}`]);
    const rules = resourcesOf(stack, 'aws_security_group_rule').filter((r) => r.security_group_id === `\${aws_security_group.${cacheSg}.id}`);
    expect(rules).toEqual([expect.objectContaining({ type: 'ingress', protocol: 'tcp', from_port: 6379, to_port: 6379, cidr_blocks: [CIDR] })]);
  });

  it('runs one node without failover in dev, a Multi-AZ replica with automatic failover when HA', () => {
    expect(group).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
    const ha = only(cacheStack({ ...DEV, highlyAvailable: true }).stack, 'aws_elasticache_replication_group');
    expect(ha).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
  });

  it('keeps daily snapshots, and a final one when the environment is deletion-protected', () => {
    expect(group.snapshot_retention_limit).toBe(3);
    expect(group.final_snapshot_identifier).toBeUndefined();
    expect(only(cacheStack(DEV, true).stack, 'aws_elasticache_replication_group').final_snapshot_identifier).toBe('acme-dev-cache-final');
  });

  it('delivers the slow log to a log group encrypted with the key', () => {
    const slowLog = resourcesOf(stack, 'aws_cloudwatch_log_group').find((g) => g.name === '/aws/elasticache/acme-dev-cache/slow-log')!;
    expect(slowLog.kms_key_id).toBe(keyArn);
    expect(group.log_delivery_configuration).toEqual([expect.objectContaining({ destination_type: 'cloudwatch-logs', log_type: 'slow-log' })]);
  });

  it("grants elasticache:Connect on the replication group and the feast user to the workload's role, once", () => {
    const policies = resourcesOf(stack, 'aws_iam_role_policy').filter((p) => p.name === 'onlinecache-connect-as-feast');
    expect(policies).toHaveLength(1);
    const user = Object.entries(stack.resource!.aws_elasticache_user!).find(([, u]) => (u as any).user_name === 'acme-dev-cache-feast')![0];
    expect(JSON.parse(policies[0]!.policy).Statement).toEqual([
      { Effect: 'Allow', Action: 'elasticache:Connect', Resource: [refTo(stack, 'aws_elasticache_replication_group', 'arn'), `\${aws_elasticache_user.${user}.arn}`] },
    ]);
  });

  it('has no unsuppressed high policy finding, in dev and HA', () => {
    for (const json of [stack, cacheStack({ ...DEV, highlyAvailable: true }, true).stack]) {
      const report = evaluateSynthesizedStack(json as never, { stack: 'acme-dev-foundation' });
      expect(blocking(report, 'high').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
      expect(report.findings.filter((f) => f.ruleId.startsWith('PLN-AWS-02') && f.resource.startsWith('aws_elasticache'))).toEqual(
        json === stack ? [expect.objectContaining({ ruleId: 'PLN-AWS-025' })] : [],
      );
    }
  });

  it('refuses bad users, names, snapshot retention and a second cache, saying what is valid', () => {
    expect(() =>
      synthAwsStack((s) => {
        const kit = kitIn(s);
        kit.onlineCache('OnlineCache', DEV).grantConnect(kit.kubernetesCluster('C', { version: '1.31', publicAccessCidrs: [], logRetentionDays: 30 }).addWorkloadIdentity('a', 'b'), 'Feast_Server');
      }),
    ).toThrow(/OnlineCache: user "Feast_Server" must be at most 20 lower-case letters, digits and single hyphens/);
    expect(() => synthAwsStack((s) => void kitIn(s).onlineCache('OnlineCache', { ...DEV, snapshotRetentionDays: 0 }))).toThrow(
      /snapshotRetentionDays must be a whole number of days from 1 to 35 \(ElastiCache's limit\), got 0/,
    );
    expect(() =>
      synthAwsStack((s) => {
        const kit = kitIn(s);
        kit.onlineCache('OnlineCache', DEV);
        kit.onlineCache('Sessions', DEV);
      }),
    ).toThrow(/onlineCache\("Sessions"\) asks for a second online cache; test\/OnlineCache is already acme-dev-cache/);
  });

  it('refuses a grantee the AWS kit did not make', () => {
    expect(() =>
      synthAwsStack((s) => void kitIn(s).onlineCache('OnlineCache', DEV).grantConnect({ cloud: 'gcp', description: 'workload identity x (a/b)' }, 'feast')),
    ).toThrow(/cannot grant access to workload identity x \(a\/b\): it was made by the "gcp" kit/);
  });
});

const mirror = requireTerraformWithMirror();
(mirror ? describe : describe.skip)('RedisCache against the real AWS provider schema', () => {
  jest.setTimeout(120_000);

  it('passes terraform validate (moto 5.2 has no ElastiCache user groups or parameter groups to apply to)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plinth-redis-cache-'));
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(cacheStack({ ...DEV, highlyAvailable: true }, true).stack));
    const cliConfig = offlineCliConfig(mirror!);
    const init = await terraform(dir, ['init', '-input=false', '-backend=false'], cliConfig);
    expect({ code: init.code, output: tail(init.output) }).toMatchObject({ code: 0 });
    const validate = await terraform(dir, ['validate'], cliConfig);
    expect({ code: validate.code, output: tail(validate.output) }).toMatchObject({ code: 0 });
  });
});
