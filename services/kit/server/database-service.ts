import type { DatabaseIamAuth } from '../database/database-iam-auth';
import type { Database } from '../database/database';
import { installDatabasePoolMetrics } from '../database/database-pool-metrics';
import { applyMigrations, readMigrations } from '../database/migrations';
import { openDatabase } from '../database/open-database';
import { createService, type Service } from './create-service';
import type { TokenTable } from './tokens';

export interface DatabaseServiceOptions {
  /** `postgres://…`, `memory:` or a directory for the embedded store. */
  readonly database: string;
  /** @default - the password in the database URL, if any */
  readonly databaseIamAuth?: DatabaseIamAuth;
  readonly tokens: TokenTable;
  /** The service's `*.sql` migrations, and its own bookkeeping table (services may share one database). */
  readonly migrations: { readonly directory: string; readonly table?: string };
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
}

/**
 * The start every Plinth service with a database shares: the database opened and migrated (and closed again if
 * either fails, so a refused start leaves no pool behind), then the kit's server with `/readyz` checking the
 * database and the pool's metrics on `/metrics`. `assemble` adds the service's own parts; it registers closing
 * the database in its onClose hooks, after what must finish first (triggers, notifications under way).
 */
export async function createDatabaseService<T>(options: DatabaseServiceOptions, assemble: (db: Database, service: Service) => T | Promise<T>): Promise<T> {
  const db = openDatabase(options.database, { iamAuth: options.databaseIamAuth });
  try {
    await applyMigrations(db, readMigrations(options.migrations.directory), options.migrations.table);
    const service = createService({
      tokens: options.tokens,
      logLevel: options.logLevel,
      logStream: options.logStream,
      readinessChecks: [{ name: 'database', check: async () => void (await db.query('SELECT 1')) }],
    });
    installDatabasePoolMetrics(service.metrics, db);
    return await assemble(db, service);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
