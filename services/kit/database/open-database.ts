import type { Database } from './database';
import { EmbeddedDatabase } from './embedded-database';
import { PostgresDatabase } from './postgres-database';

/**
 * `postgres://…` or `postgresql://…`: a PostgreSQL server; `memory:`: embedded, in memory; anything
 * else: embedded, with its data in that directory.
 */
export function openDatabase(location: string): Database {
  if (/^postgres(ql)?:\/\//.test(location)) return new PostgresDatabase({ url: location });
  if (location === 'memory:') return new EmbeddedDatabase();
  return new EmbeddedDatabase({ dataDir: location });
}
