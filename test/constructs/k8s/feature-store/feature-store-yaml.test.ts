import { parse } from 'yaml';
import { z } from 'zod';
import { featureStoreYaml, type FeatureStoreYamlValues } from '../../../../constructs/k8s/feature-store/feature-store-yaml';

const VALUES: FeatureStoreYamlValues = {
  project: 'acme_prod',
  artifactUri: 's3://acme-prod-artifacts',
  cache: { host: 'master.acme-prod-cache.abc123.euw1.cache.amazonaws.com', port: 6379, user: 'acme-prod-cache-feast' },
};

/**
 * The fields of Feast 0.66's RepoConfig that Plinth sets, with their types (sdk/python/feast/repo_config.py,
 * infra/online_stores/redis.py, infra/offline_stores/dask.py). Feast's sub-configs forbid unknown keys
 * (`extra="forbid"`), Strict types refuse coercion: so do these.
 */
const FEAST_REPO_CONFIG = z
  .object({
    project: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/),
    provider: z.enum(['local', 'aws', 'gcp']),
    registry: z.object({ registry_type: z.literal('file'), path: z.string(), cache_ttl_seconds: z.number().int() }).strict(),
    online_store: z
      .object({
        type: z.literal('redis'),
        redis_type: z.enum(['redis', 'redis_cluster', 'redis_sentinel']),
        connection_string: z.string(),
        full_scan_for_deletion: z.boolean(),
      })
      .strict(),
    offline_store: z.object({ type: z.enum(['dask', 'file']) }).strict(),
    entity_key_serialization_version: z.literal(3),
  })
  .strict();

/** Feast's RedisOnlineStore._parse_connection_string: host:port entries, then key=value pairs whose values are JSON when they parse. */
function parseConnectionString(connection: string): { nodes: { host: string; port: string }[]; params: Record<string, unknown> } {
  const parts = connection.split(',');
  const nodes = parts.filter((p) => !p.includes('=')).map((p) => ({ host: p.split(':')[0]!, port: p.split(':')[1]! }));
  const params = Object.fromEntries(
    parts
      .filter((p) => p.includes('='))
      .map((p) => {
        const [key, value] = [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)];
        try {
          return [key, JSON.parse(value)];
        } catch {
          return [key, value];
        }
      }),
  );
  return { nodes, params };
}

describe('featureStoreYaml', () => {
  const config = parse(featureStoreYaml(VALUES));

  it('renders a configuration with only the keys and value types Feast accepts', () => {
    expect(FEAST_REPO_CONFIG.safeParse(config).error).toBeUndefined();
  });

  it('keeps the registry in the artifact bucket and reads offline Parquet with the file store', () => {
    expect(config.registry).toEqual({ registry_type: 'file', path: 's3://acme-prod-artifacts/feature-store/registry.db', cache_ttl_seconds: 60 });
    expect(config.offline_store).toEqual({ type: 'file' });
    expect(parse(featureStoreYaml({ ...VALUES, artifactUri: 's3://acme-prod-artifacts/', registryCacheSeconds: 5 })).registry).toMatchObject({ path: 's3://acme-prod-artifacts/feature-store/registry.db', cache_ttl_seconds: 5 });
  });

  it('connects to the cache over TLS as the cache user, with no password', () => {
    const { nodes, params } = parseConnectionString(config.online_store.connection_string);
    expect(nodes).toEqual([{ host: VALUES.cache.host, port: '6379' }]);
    expect(params).toEqual({ ssl: true, username: 'acme-prod-cache-feast' });
    expect(featureStoreYaml(VALUES)).not.toMatch(/password/i);
  });

  it('does not make `feast apply` scan the cache when a feature view is removed', () => {
    expect(config.online_store.full_scan_for_deletion).toBe(false);
  });

  it('on Memorystore for Redis Cluster: the gs:// bucket, the cluster client, and TLS verified against the cluster\'s own CA', () => {
    const gcp = { ...VALUES, artifactUri: 'gs://acme_prod-artifacts', cache: { host: '10.0.0.7', port: 6379, user: 'default', clusterMode: true, caCertificatesFile: '/etc/feast/cache-ca.pem' } };
    const config = parse(featureStoreYaml(gcp));
    expect(FEAST_REPO_CONFIG.safeParse(config).error).toBeUndefined();
    expect(config.registry.path).toBe('gs://acme_prod-artifacts/feature-store/registry.db');
    expect(config.online_store.redis_type).toBe('redis_cluster');
    const { nodes, params } = parseConnectionString(config.online_store.connection_string);
    expect(nodes).toEqual([{ host: '10.0.0.7', port: '6379' }]);
    // What Feast hands redis-py's RedisCluster: verified chain to the given CA, the user IAM auth logs in as, no password.
    expect(params).toEqual({ ssl: true, ssl_ca_certs: '/etc/feast/cache-ca.pem', ssl_cert_reqs: 'required', ssl_check_hostname: false, username: 'default' });
    expect(parse(featureStoreYaml(VALUES)).online_store.redis_type).toBe('redis');
  });

  it('refuses a bucket URI of neither cloud, and a CA file that is not an absolute path', () => {
    expect(() => featureStoreYaml({ ...VALUES, artifactUri: 'az://acme-prod-artifacts' })).toThrow(/artifactUri "az:\/\/acme-prod-artifacts" must be a bucket URI such as "s3:\/\/acme-prod-artifacts" or "gs:\/\/acme-prod-artifacts"/);
    expect(() => featureStoreYaml({ ...VALUES, cache: { ...VALUES.cache, caCertificatesFile: 'ca.pem,ssl=false' } })).toThrow(/cache.caCertificatesFile "ca.pem,ssl=false" must be an absolute path/);
  });

  it('refuses values Feast or the connection string would refuse, every problem at once', () => {
    const bad = { project: '-x', artifactUri: 'acme-artifacts', cache: { host: 'a,b', port: 0, user: 'u=1' }, registryCacheSeconds: -1 };
    expect(() => featureStoreYaml(bad)).toThrow(
      /feature_store.yaml:\n  project "-x" .*\n  artifactUri "acme-artifacts" .*\n  cache.host "a,b" .*\n  cache.port .* got 0\n  cache.user "u=1" .*\n  registryCacheSeconds .* got -1$/,
    );
  });
});
