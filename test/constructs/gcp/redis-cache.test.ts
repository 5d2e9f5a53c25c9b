import { TerraformOutput, type TerraformStack } from 'cdktf';
import { MemorystoreCache, type MemorystoreCacheProps } from '../../../constructs/gcp/redis-cache';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';
import type { StackJson } from '../../support/synth';
import { gcpPackFindings, TEST_PROJECT, TEST_REGION, testFoundation, testGrantee } from './support';

function cacheIn(stack: TerraformStack, props: Partial<MemorystoreCacheProps> = {}): MemorystoreCache {
  const { services, key, network } = testFoundation(stack);
  return new MemorystoreCache(stack, 'Cache', {
    project: TEST_PROJECT,
    region: TEST_REGION,
    name: 'acme-dev-cache',
    network: network(),
    key,
    services,
    tier: '1',
    highlyAvailable: false,
    labels: {},
    ...props,
  });
}

const instanceOf = (stack: StackJson) => only(stack, 'google_redis_instance');

describe('MemorystoreCache', () => {
  let made!: MemorystoreCache;
  let users: string[] = [];
  const stack = synthGcpStack((s) => {
    made = cacheIn(s);
    const feast = testGrantee(s, 'feast');
    const server = testGrantee(s, 'feature-server');
    users = [made.grantConnect(feast.grantee, 'feast'), made.grantConnect(feast.grantee, 'feast'), made.grantConnect(server.grantee, 'feast')];
    new TerraformOutput(s, 'host', { value: made.host });
  });
  const instance = instanceOf(stack);

  it('is a BASIC instance of the given size unless highly available, then STANDARD_HA', () => {
    expect(instance).toMatchObject({ name: 'acme-dev-cache', region: TEST_REGION, project: TEST_PROJECT, tier: 'BASIC', memory_size_gb: 1, redis_version: 'REDIS_7_2' });
    expect(instanceOf(synthGcpStack((s) => cacheIn(s, { highlyAvailable: true, tier: '5' })))).toMatchObject({ tier: 'STANDARD_HA', memory_size_gb: 5 });
  });

  it('requires AUTH and TLS with server authentication, on port 6378', () => {
    expect(instance.auth_enabled).toBe(true);
    expect(instance.transit_encryption_mode).toBe('SERVER_AUTHENTICATION');
    expect(made.port).toBe(6378);
    expect(made.tls).toBe(true);
  });

  it('gets its private address from the private services access range of the environment VPC, after the peering', () => {
    expect(instance).toMatchObject({
      connect_mode: 'PRIVATE_SERVICE_ACCESS',
      authorized_network: refTo(stack, 'google_compute_network', 'id'),
      reserved_ip_range: refTo(stack, 'google_compute_global_address', 'name'),
    });
    expect(instance.depends_on).toContain(`google_service_networking_connection.${Object.keys(stack.resource!.google_service_networking_connection!)[0]}`);
    expect((stack as { output: Record<string, { value: string }> }).output.host!.value).toBe(refTo(stack, 'google_redis_instance', 'host'));
  });

  it('encrypts at rest with the environment key once the Memorystore agent may use it', () => {
    expect(instance.customer_managed_key).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
    const agentGrant = Object.keys(stack.resource!.google_kms_crypto_key_iam_member!).find((name) => name.includes('redis'))!;
    expect(instance.depends_on).toContain(`google_kms_crypto_key_iam_member.${agentGrant}`);
    expect(resourcesOf(stack, 'google_project_service').map((service) => service.service)).toContain('redis.googleapis.com');
  });

  it('snapshots daily, refuses writes when full instead of evicting features, and takes maintenance on Sunday nights', () => {
    expect(instance.persistence_config).toEqual({ persistence_mode: 'RDB', rdb_snapshot_period: 'TWENTY_FOUR_HOURS' });
    expect(instance.redis_configs).toEqual({ 'maxmemory-policy': 'noeviction' });
    expect(instance.maintenance_policy.weekly_maintenance_window).toEqual([{ day: 'SUNDAY', start_time: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }]);
  });

  it('lets each grantee read the AUTH string through a custom role holding that one permission, once per grantee', () => {
    const role = only(stack, 'google_project_iam_custom_role');
    expect(role).toMatchObject({ project: TEST_PROJECT, role_id: 'acme_dev_cache_auth_string_reader', permissions: ['redis.instances.getAuthString'] });
    const grants = resourcesOf(stack, 'google_project_iam_member');
    expect(grants).toHaveLength(2);
    for (const grant of grants) {
      expect(grant).toMatchObject({ project: TEST_PROJECT, role: refTo(stack, 'google_project_iam_custom_role', 'name') });
      expect(grant.member).toMatch(/^serviceAccount:\$\{google_service_account\..+\.email\}$/);
    }
    expect(new Set(grants.map((grant) => grant.member)).size).toBe(2);
  });

  it('says every client is Redis\'s default user: one AUTH string, no per-user identities', () => {
    expect(users).toEqual(['default', 'default', 'default']);
  });

  it('makes no custom role until someone is granted', () => {
    const ungranted = synthGcpStack((s) => cacheIn(s));
    expect(resourcesOf(ungranted, 'google_project_iam_custom_role')).toHaveLength(0);
  });

  it.each([
    [{ tier: 'redis-standard-small' }, 'tier "redis-standard-small" must be the cache\'s memory in whole GB, from "1" to "300" (Memorystore for Redis sizes an instance by memory; node types such as redis-standard-small belong to Memorystore for Redis Cluster)'],
    [{ tier: '0' }, 'tier "0" must be the cache\'s memory in whole GB'],
    [{ tier: '1.5' }, 'tier "1.5" must be the cache\'s memory in whole GB'],
    [{ tier: '301' }, 'tier "301" must be the cache\'s memory in whole GB, from "1" to "300"'],
    [{ name: 'acme-dev-cache-with-a-name-longer-than-forty' }, 'name "acme-dev-cache-with-a-name-longer-than-forty" must be at most 40 lower-case letters, digits and hyphens'],
    [{ name: '1cache' }, 'name "1cache" must be at most 40'],
  ])('refuses %j, naming the construct, the prop and what is valid', (props, message) => {
    expect(() => synthGcpStack((s) => cacheIn(s, props))).toThrow(`MemorystoreCache test/Cache: ${message}`);
  });

  it('refuses a user the AWS kit would refuse too, and a grantee of another kit', () => {
    expect(() => synthGcpStack((s) => cacheIn(s).grantConnect(testGrantee(s, 'feast').grantee, 'Feast_Store'))).toThrow(
      'MemorystoreCache test/Cache: user "Feast_Store" must be at most 20 lower-case letters, digits and single hyphens, starting with a letter (such as "feast")',
    );
    expect(() => synthGcpStack((s) => cacheIn(s).grantConnect({ cloud: 'aws', description: 'workload identity feast (plinth/feast)' }, 'feast'))).toThrow(
      'test/Cache cannot grant access to workload identity feast (plinth/feast): it was made by the "aws" kit, not by the GCP kit',
    );
  });
  it('passes the GCP rule pack (instance and its grants) with nothing found and nothing undecided', () => {
    expect(gcpPackFindings(stack, 'Cache')).toEqual([]);
  });
});
