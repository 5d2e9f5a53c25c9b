import * as path from 'node:path';
import { openArtifactStore } from '../kit/artifacts/open-artifact-store';
import type { Database } from '../kit/database/database';
import type { DatabaseIamAuth } from '../kit/database/database-iam-auth';
import { registerApiFamily } from '../kit/server/api-family';
import type { Service } from '../kit/server/create-service';
import { createDatabaseService } from '../kit/server/database-service';
import { plinthErrorMapper } from '../kit/server/plinth-error-mapper';
import type { TokenTable } from '../kit/server/tokens';
import { artifactProxyPlugin } from './artifacts/artifact-proxy-plugin';
import { auditPlugin } from './audit/audit-plugin';
import { MLFLOW_ENDPOINTS } from './endpoints';
import { mlflowErrorMapper, mlflowSchemaErrorFormatter } from './mlflow/mlflow-errors';
import { type ApiVersion, endpointsPlugin, versionsOf } from './mlflow/operation';
import type { TrackingContext } from './tracking-context';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/** Where MLflow's clients call: `/api`, and `/ajax-api` for MLflow's web UI. */
const API_ROOTS = ['/api', '/ajax-api'] as const;
const API_VERSIONS: readonly ApiVersion[] = ['2.0', '3.0'];

export interface TrackingServerOptions {
  /** `postgres://…`, `memory:` or a directory for the embedded store. */
  readonly database: string;
  /**
   * Log in to PostgreSQL with the cloud's IAM tokens instead of a password.
   * @default - the password in the database URL, if any
   */
  readonly databaseIamAuth?: DatabaseIamAuth;
  /** `s3://bucket/prefix`, `gs://bucket/prefix` or a directory. */
  readonly artifacts: string;
  readonly tokens: TokenTable;
  /**
   * Largest artifact accepted by an upload, in bytes.
   * @default 5 GiB
   */
  readonly maxArtifactBytes?: number;
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
  /**
   * Test-only, see TrackingContext.pauseInLogBatchMs.
   * @default 0
   */
  readonly pauseInLogBatchMs?: number;
}

/**
 * The tracking server, not yet listening: migrations applied, the MLflow API (`/api/2.0/mlflow` and
 * `/api/3.0/mlflow`, the same under `/ajax-api` for MLflow's UI), the artifact proxy
 * (`/api/2.0/mlflow-artifacts`) and the audit trail (`/api/plinth`) registered, and the database
 * closed when the service closes.
 */
export async function createTrackingServer(options: TrackingServerOptions): Promise<Service> {
  return createDatabaseService({ ...options, migrations: { directory: MIGRATIONS_DIR } }, (db, service) => assemble(db, service, options));
}

function assemble(db: Database, service: Service, options: TrackingServerOptions): Service {
  const context: TrackingContext = { db, artifacts: openArtifactStore(options.artifacts), pauseInLogBatchMs: options.pauseInLogBatchMs };
  service.app.addHook('onClose', () => db.close());
  service.app.log.info({ database: db.description, artifacts: context.artifacts.root }, 'tracking store ready');
  const artifactProxy = artifactProxyPlugin({ store: context.artifacts, maxArtifactBytes: options.maxArtifactBytes ?? 5 * 1024 ** 3 });
  for (const root of API_ROOTS) {
    for (const version of API_VERSIONS) {
      const families = Object.values(MLFLOW_ENDPOINTS)
        .map((endpoints) => endpoints.filter((endpoint) => versionsOf(endpoint).includes(version)))
        .filter((endpoints) => endpoints.length > 0);
      registerApiFamily(service.app, {
        prefix: `${root}/${version}`,
        errorMapper: mlflowErrorMapper,
        schemaErrorFormatter: mlflowSchemaErrorFormatter,
        plugins: families.map((endpoints) => endpointsPlugin(endpoints, context)),
      });
    }
    registerApiFamily(service.app, { prefix: `${root}/2.0/mlflow-artifacts`, errorMapper: mlflowErrorMapper, plugins: [artifactProxy] });
    // Any other path answers MLflow's ENDPOINT_NOT_FOUND: MLflow 3's client falls back to older
    // calls on exactly that error, and gives up on any other.
    registerApiFamily(service.app, { prefix: root, errorMapper: mlflowErrorMapper, plugins: [] });
  }
  registerApiFamily(service.app, { prefix: '/api/plinth', errorMapper: plinthErrorMapper, plugins: [auditPlugin(db)] });
  return service;
}
