import { escapeIdentifier } from 'pg';
import type { RunSql } from './bootstrap-database';

/** Where each extension Plinth asks for comes from, for the error when a server lacks it. */
const WHERE_TO_GET: Readonly<Record<string, string>> = {
  vector: 'pgvector ships with Amazon RDS and Aurora PostgreSQL 15.2 and later; elsewhere install it on the server (Debian and PGDG: postgresql-15-pgvector)',
};

/** The server cannot create an extension: it is not installed there (no control file). */
export class MissingExtensionError extends Error {
  constructor(readonly extension: string) {
    super(`the server has no extension "${extension}" to create (it is not in pg_available_extensions): ${WHERE_TO_GET[extension] ?? 'install it on the server, or remove --extension ' + extension}`);
    this.name = 'MissingExtensionError';
  }
}

/**
 * Creates each extension in the database `sql` is connected to unless it is there already, and
 * returns what it created (nothing on a second run). Every extension is checked before any is
 * created, so a missing one changes nothing.
 */
export async function enableExtensions(sql: RunSql, database: string, extensions: readonly string[]): Promise<string[]> {
  const rows = await sql<{ name: string; installed: boolean }>(
    'SELECT name, installed_version IS NOT NULL AS installed FROM pg_available_extensions WHERE name = ANY($1::text[])',
    [extensions],
  );
  const found = new Map(rows.map((row) => [row.name, row.installed]));
  const missing = extensions.find((name) => !found.has(name));
  if (missing) throw new MissingExtensionError(missing);
  const changes: string[] = [];
  for (const name of extensions) {
    if (found.get(name)) continue;
    // IF NOT EXISTS: a concurrent run (a retried Job) may have created it since the check.
    await sql(`CREATE EXTENSION IF NOT EXISTS ${escapeIdentifier(name)}`);
    changes.push(`created extension ${name} in ${database}`);
  }
  return changes;
}
