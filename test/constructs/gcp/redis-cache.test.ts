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
    tier: 'redis-shared-core-nano',
    highlyAvailable: false,
    labels: {},
    ...props,
  });
}

const clusterOf = (stack: StackJson) => only(stack, 'google_redis_cluster');
/** `type.name` of the single resource of a type, as depends_on lists it. */
const addressOf = (stack: StackJson, type: string, nameIncludes = ''): string =>
  `${type}.${Object.keys(stack.resource![type]!).find((name) => name.includes(nameIncludes))!}`;

describe('MemorystoreCache', () => {
  let made!: MemorystoreCache;
  let users: string[] = [];
  const stack = synthGcpStack((s) => {
    made = cacheIn(s);
    const feast = testGrantee(s, 'feast');
    const server = testGrantee(s, 'feature-server');
    users = [made.grantConnect(feast.grantee, 'feast'), made.grantConnect(feast.grantee, 'feast'), made.grantConnect(server.grantee, 'feast')];
    new TerraformOutput(s, 'host', { value: made.host });
    new TerraformOutput(s, 'ca', { value: made.serverCaCertificate });
  });
  const cluster = clusterOf(stack);
  const ha = clusterOf(synthGcpStack((s) => cacheIn(s, { highlyAvailable: true, replicas: 2, tier: 'redis-highmem-medium' })));

  it('is a Memorystore for Redis Cluster of one shard of the given node type, no replicas by default, in one zone', () => {
    expect(resourcesOf(stack, 'google_redis_instance')).toHaveLength(0);
    expect(cluster).toMatchObject({ name: 'acme-dev-cache', region: TEST_REGION, project: TEST_PROJECT, node_type: 'REDIS_SHARED_CORE_NANO', shard_count: 1, replica_count: 0 });
    expect(cluster.zone_distribution_config).toEqual({ mode: 'SINGLE_ZONE', zone: `${TEST_REGION}-b` });
    expect(clusterOf(synthGcpStack((s) => cacheIn(s, { zone: `${TEST_REGION}-c`, shards: 3 })))).toMatchObject({ shard_count: 3, zone_distribution_config: { zone: `${TEST_REGION}-c` } });
  });

  it('spreads replicas over three zones (MULTI_ZONE, no fixed zone) when highly available', () => {
    expect(ha).toMatchObject({ node_type: 'REDIS_HIGHMEM_MEDIUM', replica_count: 2 });
    expect(ha.zone_distribution_config).toEqual({ mode: 'MULTI_ZONE' });
  });

  it('authenticates clients with IAM and requires TLS with server authentication on the discovery endpoint, port 6379', () => {
    expect(cluster.authorization_mode).toBe('AUTH_MODE_IAM_AUTH');
    expect(cluster.transit_encryption_mode).toBe('TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION');
    expect(made.port).toBe(6379);
    expect(made.tls).toBe(true);
    expect(made.cacheName).toBe('acme-dev-cache');
    const outputs = (stack as { output: Record<string, { value: string }> }).output;
    expect(outputs.host!.value).toBe(`\${${addressOf(stack, 'google_redis_cluster')}.discovery_endpoints[0].address}`);
    expect(outputs.ca!.value).toContain(`${addressOf(stack, 'google_redis_cluster')}.managed_server_ca[0].ca_certs[0].certificates`);
  });

  it('holds no AUTH string or password anywhere in the synthesized Terraform', () => {
    const text = JSON.stringify(stack);
    expect(text).not.toMatch(/auth_string|auth_enabled|password|google_project_iam_custom_role|getAuthString/);
  });

  it('encrypts at rest with the environment key once the Memorystore agent (cloud-redis) may use it', () => {
    expect(cluster.kms_key).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
    const agentGrant = resourcesOf(stack, 'google_kms_crypto_key_iam_member').find((grant) => String(grant.member).includes('@cloud-redis.iam.gserviceaccount.com'));
    expect(agentGrant).toMatchObject({ role: 'roles/cloudkms.cryptoKeyEncrypterDecrypter', crypto_key_id: refTo(stack, 'google_kms_crypto_key', 'id') });
    expect(cluster.depends_on).toContain(addressOf(stack, 'google_kms_crypto_key_iam_member', 'redis'));
  });

  it('is reached only through Private Service Connect endpoints in the environment subnet, under a policy made first', () => {
    const policy = only(stack, 'google_network_connectivity_service_connection_policy');
    expect(policy).toMatchObject({
      project: TEST_PROJECT,
      location: TEST_REGION,
      name: 'acme-dev-cache-psc',
      service_class: 'gcp-memorystore-redis',
      network: refTo(stack, 'google_compute_network', 'id'),
      psc_config: { subnetworks: [refTo(stack, 'google_compute_subnetwork', 'id')] },
    });
    expect(cluster.psc_configs).toEqual([{ network: refTo(stack, 'google_compute_network', 'id') }]);
    expect(cluster.depends_on).toContain(addressOf(stack, 'google_network_connectivity_service_connection_policy'));
    expect(cluster).not.toHaveProperty('authorized_network');
  });

  it('enables the APIs Google lists for Redis Cluster before the policy and the cluster', () => {
    const services = Object.entries(stack.resource!.google_project_service!).map(([name, service]) => ({ name, api: (service as { service: string }).service }));
    const addressOfApi = (api: string) => `google_project_service.${services.find((service) => service.api === api)!.name}`;
    for (const api of ['redis.googleapis.com', 'serviceconsumermanagement.googleapis.com']) expect(cluster.depends_on).toContain(addressOfApi(api));
    expect(only(stack, 'google_network_connectivity_service_connection_policy').depends_on).toContain(addressOfApi('networkconnectivity.googleapis.com'));
    expect(services.map((service) => service.api)).toContain('compute.googleapis.com');
  });

  it('is protected from deletion unless told otherwise', () => {
    expect(cluster.deletion_protection_enabled).toBe(true);
    expect(clusterOf(synthGcpStack((s) => cacheIn(s, { deletionProtection: false }))).deletion_protection_enabled).toBe(false);
  });

  it('snapshots RDB every 24 hours (no AOF), backs up daily for a week, sets no Redis configs and takes maintenance on Sunday nights', () => {
    expect(cluster.persistence_config).toEqual({ mode: 'RDB', rdb_config: { rdb_snapshot_period: 'TWENTY_FOUR_HOURS' } });
    expect(cluster.automated_backup_config).toEqual({ retention: `${7 * 86400}s`, fixed_frequency_schedule: { start_time: { hours: 2 } } });
    expect(clusterOf(synthGcpStack((s) => cacheIn(s, { backupRetentionDays: 35 }))).automated_backup_config.retention).toBe(`${35 * 86400}s`);
    expect(cluster).not.toHaveProperty('redis_configs');
    expect(cluster.maintenance_policy.weekly_maintenance_window).toEqual([{ day: 'SUNDAY', start_time: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }]);
  });

  it('lets each grantee connect with roles/redis.dbConnectionUser on this project, conditioned to this cluster, once per grantee', () => {
    const grants = resourcesOf(stack, 'google_project_iam_member');
    expect(grants).toHaveLength(2);
    for (const grant of grants) {
      expect(grant).toMatchObject({
        project: TEST_PROJECT,
        role: 'roles/redis.dbConnectionUser',
        condition: { title: 'acme-dev-cache only', expression: `resource.name.endsWith('/locations/${TEST_REGION}/clusters/acme-dev-cache')` },
      });
      expect(grant.member).toMatch(/^serviceAccount:\$\{google_service_account\..+\.email\}$/);
    }
    expect(new Set(grants.map((grant) => grant.member)).size).toBe(2);
  });

  it('says every client logs in as Redis\'s default user: the identity is the access token sent as the password', () => {
    expect(users).toEqual(['default', 'default', 'default']);
  });

  it('grants nothing until someone is granted', () => {
    expect(resourcesOf(synthGcpStack((s) => cacheIn(s)), 'google_project_iam_member')).toHaveLength(0);
  });

  it.each([
    [{ tier: '5' }, 'tier "5" must be a Memorystore for Redis Cluster node type: redis-shared-core-nano, redis-standard-small, redis-highmem-medium, redis-highmem-xlarge'],
    [{ tier: 'REDIS_STANDARD_SMALL' }, 'tier "REDIS_STANDARD_SMALL" must be a Memorystore for Redis Cluster node type'],
    [{ highlyAvailable: true }, 'highlyAvailable needs replicas of at least 1 (a replica in another zone to fail over to), got replicas 0'],
    [{ highlyAvailable: true, replicas: 0 }, 'highlyAvailable needs replicas of at least 1'],
    [{ replicas: 3 }, 'replicas must be a whole number from 0 to 2 (replicas per shard in Memorystore for Redis Cluster), got 3'],
    [{ replicas: 1.5 }, 'replicas must be a whole number from 0 to 2'],
    [{ shards: 0 }, 'shards must be a whole number from 1 to 250, got 0'],
    [{ zone: 'us-central1-a' }, `zone "us-central1-a" must be a zone of ${TEST_REGION}, such as "${TEST_REGION}-b"`],
    [{ backupRetentionDays: 366 }, 'backupRetentionDays must be a whole number of days from 1 to 365 (Memorystore\'s limits), got 366'],
    [{ name: `acme-${'x'.repeat(60)}` }, 'must be at most 59 lower-case letters, digits and hyphens'],
    [{ name: '1cache' }, 'name "1cache" must be at most 59'],
    [{ name: 'cache-' }, 'name "cache-" must be at most 59'],
  ])('refuses %j, naming the construct, the prop and what is valid', (props, message) => {
    expect(() => synthGcpStack((s) => cacheIn(s, props))).toThrow(`MemorystoreCache test/Cache: `);
    expect(() => synthGcpStack((s) => cacheIn(s, props))).toThrow(message);
  });

  it('refuses a user the AWS kit would refuse too, and a grantee of another kit', () => {
    expect(() => synthGcpStack((s) => cacheIn(s).grantConnect(testGrantee(s, 'feast').grantee, 'Feast_Store'))).toThrow(
      'MemorystoreCache test/Cache: user "Feast_Store" must be at most 20 lower-case letters, digits and single hyphens, starting with a letter (such as "feast")',
    );
    expect(() => synthGcpStack((s) => cacheIn(s).grantConnect({ cloud: 'aws', description: 'workload identity feast (plinth/feast)' }, 'feast'))).toThrow(
      'test/Cache cannot grant access to workload identity feast (plinth/feast): it was made by the "aws" kit, not by the GCP kit',
    );
  });

  it('passes the GCP rule pack (cluster, connection policy and grants), highly available or not, with nothing found and nothing undecided', () => {
    expect(gcpPackFindings(stack, 'Cache')).toEqual([]);
    expect(gcpPackFindings(synthGcpStack((s) => cacheIn(s, { highlyAvailable: true, replicas: 1 })), 'Cache')).toEqual([]);
  });
});
