import type { Database } from './database';
import type { DatabaseIamAuth } from './database-iam-auth';
import { EmbeddedDatabase } from './embedded-database';
import { PostgresDatabase } from './postgres-database';
import { ServiceConfigError } from '../server/errors';

export interface OpenDatabaseOptions {
  /**
   * Log in to PostgreSQL with the cloud's IAM tokens instead of a password (see PostgresDatabaseOptions).
   * @default - the password in the URL, if any
   */
  readonly iamAuth?: DatabaseIamAuth;
}

/**
 * `postgres://…` or `postgresql://…`: a PostgreSQL server; `memory:`: embedded, in memory; anything
 * else: embedded, with its data in that directory.
 */
export function openDatabase(location: string, options: OpenDatabaseOptions = {}): Database {
  if (/^postgres(ql)?:\/\//.test(location)) return new PostgresDatabase({ url: location, iamAuth: options.iamAuth });
  if (options.iamAuth) throw new ServiceConfigError('IAM authentication (--database-iam-auth) needs a PostgreSQL server: pass --database-url postgres://…');
  if (location === 'memory:') return new EmbeddedDatabase();
  return new EmbeddedDatabase({ dataDir: location });
}
