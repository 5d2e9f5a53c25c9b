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
  /** The artifact store's URI, `s3://<bucket>`: the registry and the offline Parquet files live there. */
  readonly artifactUri: string;
  /** The online cache (`kit.onlineCache(...)`): primary host and port, TLS always. */
  readonly cache: {
    readonly host: string;
    readonly port: number;
    /** The cache user the workload authenticates as (`cache.grantConnect(identity, "feast")`). */
    readonly user: string;
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
 * - registry: a file in the artifact bucket (`s3://<bucket>/feature-store/registry.db`), read and
 *   written with the workload's own cloud identity; no database password to hand out.
 * - online store: Redis over TLS as the cache user. No password: in the cluster, Plinth's
 *   `sitecustomize.py` gives redis-py a credential provider that signs a fresh IAM token per
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
      redis_type: 'redis',
      connection_string: `${values.cache.host}:${values.cache.port},ssl=true,username=${values.cache.user}`,
      full_scan_for_deletion: false,
    },
    offline_store: { type: 'file' },
    entity_key_serialization_version: 3,
  };
  return stringify(config, { lineWidth: 0 });
}

function problemsOf(values: FeatureStoreYamlValues): string[] {
  const known = (value: unknown): boolean => !Token.isUnresolved(value);
  const problems: string[] = [];
  const { project, artifactUri, cache } = values;
  if (known(project) && !PROJECT.test(project)) problems.push(`project "${project}" must be letters, digits, "_" and "-", starting with a letter or digit (Feast's rule)`);
  if (known(artifactUri) && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/?$/.test(artifactUri)) problems.push(`artifactUri "${artifactUri}" must be a bucket URI such as "s3://acme-prod-artifacts"`);
  if (known(cache.host) && (cache.host === '' || CONNECTION_STRING_UNSAFE.test(cache.host) || cache.host.includes(':'))) problems.push(`cache.host "${cache.host}" must be a host name (no ",", "=", ":" or spaces)`);
  if (known(cache.port) && (!Number.isInteger(cache.port) || cache.port < 1 || cache.port > 65535)) problems.push(`cache.port must be 1-65535, got ${cache.port}`);
  if (known(cache.user) && (cache.user === '' || CONNECTION_STRING_UNSAFE.test(cache.user))) problems.push(`cache.user "${cache.user}" must be a cache user name (no ",", "=" or spaces)`);
  const seconds = values.registryCacheSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 0)) problems.push(`registryCacheSeconds must be a whole number of seconds (0 or more), got ${seconds}`);
  return problems;
}
