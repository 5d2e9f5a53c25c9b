import { Token } from 'cdktf';
import { stringify } from 'yaml';

/** Where the registry lives under the artifact store: one file, written by `feast apply`. */
export const REGISTRY_KEY = 'feature-store/registry.db';
/** Where app teams put the Parquet files of their offline sources (FileSource paths). */
export const OFFLINE_DATA_PREFIX = 'feature-store/data/';

/** The values an app team's `feature_store.yaml` is made of: all of them from the foundation's handles. */
export interface FeatureStoreYamlValues {
  /** Feast project: letters, digits, `_` and `-`, not starting with `_` or `-` (Feast's own rule). */
  readonly project: string;
  /** The artifact store's URI, `s3://<bucket>` or `gs://<bucket>`: the registry and the offline Parquet files live there. */
  readonly artifactUri: string;
  /** The online cache (`kit.onlineCache(...)`): primary host and port, TLS always. */
  readonly cache: {
    readonly host: string;
    readonly port: number;
    /** The cache user the workload authenticates as (`cache.grantConnect(identity, "feast")`). */
    readonly user: string;
    /** The cache speaks the Redis Cluster protocol (`cache.clusterMode`): Feast's `redis_type: redis_cluster`. @default false */
    readonly clusterMode?: boolean;
    /**
     * Path of the PEM file of the private CA the cache's certificates chain to, which the client verifies them with
     * (`ssl_ca_certs`). Such a CA is the cache's own (Memorystore's per-cluster CA), so chaining to it is what
     * authenticates the server, and its certificates name no host the client dials (the nodes are reached by
     * address): the host name check is off (`ssl_check_hostname=false`) and the chain check stays on.
     * @default - the system trust store, with redis-py's default checks (ElastiCache's public CA)
     */
    readonly caCertificatesFile?: string;
  };
  /** Seconds the feature server keeps the registry before reading it again: how long `feast apply` takes to show. @default 60 */
  readonly registryCacheSeconds?: number;
}

const PROJECT = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** What the Redis online store's connection string cannot carry: it splits on `,` and reads `key=value`. */
const CONNECTION_STRING_UNSAFE = /[,=\s]/;

/**
 * The `feature_store.yaml` of Plinth's feature store, the same for the feature server, the
 * materialization CronJob and an app team's feature repository:
 * - registry: a file in the artifact bucket (`s3://<bucket>/feature-store/registry.db`, or `gs://`), read and
 *   written with the workload's own cloud identity; no database password to hand out.
 * - online store: Redis over TLS as the cache user (`redis_cluster` when the cache is a Redis Cluster,
 *   verified against its private CA when it has one). No password: in the cluster, Plinth's
 *   `sitecustomize.py` gives redis-py a credential provider that sends a fresh IAM token per
 *   connection (README.md). `full_scan_for_deletion: false` so `feast apply`, run from CI outside
 *   the cache's network, only touches the registry.
 * - offline store: `file` (Dask over pyarrow), FileSource paths under `s3://<bucket>/feature-store/data/`.
 * Throws, listing every problem, when a value Feast would refuse is known at synth.
 */
export function featureStoreYaml(values: FeatureStoreYamlValues): string {
  const problems = problemsOf(values);
  if (problems.length > 0) throw new Error(`feature_store.yaml:\n  ${problems.join('\n  ')}`);
  const bucket = values.artifactUri.replace(/\/+$/, '');
  const config = {
    project: values.project,
    provider: 'local',
    registry: {
      registry_type: 'file',
      path: `${bucket}/${REGISTRY_KEY}`,
      cache_ttl_seconds: values.registryCacheSeconds ?? 60,
    },
    online_store: {
      type: 'redis',
      redis_type: values.cache.clusterMode ? 'redis_cluster' : 'redis',
      connection_string: connectionString(values.cache),
      full_scan_for_deletion: false,
    },
    offline_store: { type: 'file' },
    entity_key_serialization_version: 3,
  };
  return stringify(config, { lineWidth: 0 });
}

/** Feast's `host:port,key=value,...`: TLS always, with the private CA when there is one, and the user without a password. */
function connectionString(cache: FeatureStoreYamlValues['cache']): string {
  const privateCa = cache.caCertificatesFile === undefined ? [] : [`ssl_ca_certs=${cache.caCertificatesFile}`, 'ssl_cert_reqs=required', 'ssl_check_hostname=false'];
  return [`${cache.host}:${cache.port}`, 'ssl=true', ...privateCa, `username=${cache.user}`].join(',');
}

function problemsOf(values: FeatureStoreYamlValues): string[] {
  const known = (value: unknown): boolean => !Token.isUnresolved(value);
  const problems: string[] = [];
  const { project, artifactUri, cache } = values;
  if (known(project) && !PROJECT.test(project)) problems.push(`project "${project}" must be letters, digits, "_" and "-", starting with a letter or digit (Feast's rule)`);
  // Bucket names as S3 and GCS allow them (GCS also takes "_"); Feast reads both schemes for the file registry.
  if (known(artifactUri) && !/^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|gs:\/\/[a-z0-9][a-z0-9._-]{1,61}[a-z0-9])\/?$/.test(artifactUri)) {
    problems.push(`artifactUri "${artifactUri}" must be a bucket URI such as "s3://acme-prod-artifacts" or "gs://acme-prod-artifacts"`);
  }
  const caFile = cache.caCertificatesFile;
  if (caFile !== undefined && !/^\/[A-Za-z0-9._/-]+$/.test(caFile)) problems.push(`cache.caCertificatesFile "${caFile}" must be an absolute path of letters, digits, ".", "_", "-" and "/"`);
  if (known(cache.host) && (cache.host === '' || CONNECTION_STRING_UNSAFE.test(cache.host) || cache.host.includes(':'))) problems.push(`cache.host "${cache.host}" must be a host name (no ",", "=", ":" or spaces)`);
  if (known(cache.port) && (!Number.isInteger(cache.port) || cache.port < 1 || cache.port > 65535)) problems.push(`cache.port must be 1-65535, got ${cache.port}`);
  if (known(cache.user) && (cache.user === '' || CONNECTION_STRING_UNSAFE.test(cache.user))) problems.push(`cache.user "${cache.user}" must be a cache user name (no ",", "=" or spaces)`);
  const seconds = values.registryCacheSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0)) problems.push(`registryCacheSeconds must be a whole number of seconds (0 or more), got ${seconds}`);
  return problems;
}
