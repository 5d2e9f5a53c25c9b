import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Database } from './database';

export interface Migration {
  /** File name without `.sql`, e.g. `001-initial`; migrations apply in this order. */
  readonly id: string;
  readonly sql: string;
}

/** Every `*.sql` file of a directory, in name order. */
export function readMigrations(directory: string): Migration[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => ({ id: file.slice(0, -'.sql'.length), sql: readFileSync(path.join(directory, file), 'utf8') }));
}

// Any constant works: it only has to be the same for every replica that starts at once.
const MIGRATION_LOCK = 7_146_540_221;

/**
 * Applies the migrations not applied yet, each in the same transaction as its bookkeeping row, under
 * an advisory lock so that replicas starting together apply each one once. Returns the ids applied.
 */
export async function applyMigrations(db: Database, migrations: readonly Migration[], table = 'schema_migrations'): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const applied = new Set((await tx.query<{ id: string }>(`SELECT id FROM ${table}`)).map((row) => row.id));
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO ${table} (id) VALUES ($1)`, [migration.id]);
    }
    return pending.map((migration) => migration.id);
  });
}
