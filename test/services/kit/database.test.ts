import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Database, isUniqueViolation } from '../../../services/kit/database/database';
import { applyMigrations, type Migration } from '../../../services/kit/database/migrations';
import { openDatabase } from '../../../services/kit/database/open-database';
import { requireTools } from '../../support/tools';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';

const MIGRATIONS: Migration[] = [
  { id: '001-items', sql: 'CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE); CREATE INDEX items_name ON items (name);' },
  { id: '002-values', sql: 'ALTER TABLE items ADD COLUMN value DOUBLE PRECISION;' },
];

/** The Database contract, run against each implementation. */
function describeDatabase(open: () => Promise<Database>): void {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('applies each migration once, in order, even when started twice at the same time', async () => {
    const [first, second] = await Promise.all([applyMigrations(db, MIGRATIONS), applyMigrations(db, MIGRATIONS)]);
    expect([...first, ...second]).toEqual(['001-items', '002-values']);
    expect(await applyMigrations(db, MIGRATIONS)).toEqual([]);
  });

  it('returns bigints as numbers and keeps NaN and infinities', async () => {
    await db.query('INSERT INTO items SELECT * FROM unnest($1::bigint[], $2::text[], $3::float8[])', [
      [1700000000000, 2, 3],
      ['a', 'b', 'c'],
      [NaN, Infinity, -Infinity],
    ]);
    expect(await db.query('SELECT id, value FROM items ORDER BY name')).toEqual([
      { id: 1700000000000, value: NaN },
      { id: 2, value: Infinity },
      { id: 3, value: -Infinity },
    ]);
  });

  it('commits a transaction that resolves and rolls back one that throws, with the SQLSTATE kept', async () => {
    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO items (id, name) VALUES (10, 'kept')");
    });
    const failure = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO items (id, name) VALUES (11, 'dropped')");
        await tx.query("INSERT INTO items (id, name) VALUES (12, 'kept')");
      })
      .catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
    expect(await db.query('SELECT name FROM items WHERE id BETWEEN 10 AND 19 ORDER BY id')).toEqual([{ name: 'kept' }]);
  });

  it('keeps a transaction’s writes invisible to other queries until it commits', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = db.transaction(async (tx) => {
      await tx.query("INSERT INTO items (id, name) VALUES (20, 'pending')");
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE name = 'pending'");
    release();
    await writing;
    // The embedded store serializes (the reader waits for the commit); a server isolates (the reader sees 0 or 1).
    expect([0, 1]).toContain((await outside)[0]!.n);
    expect((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE name = 'pending'"))[0]!.n).toBe(1);
  });
}

describe('embedded database (PGlite), in memory', () => {
  describeDatabase(async () => openDatabase('memory:'));
});

describe('embedded database (PGlite), in a data directory', () => {
  it('keeps its data across a close and a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plinth-pglite-'));
    try {
      const first = openDatabase(path.join(dir, 'db'));
      await applyMigrations(first, MIGRATIONS);
      await first.query("INSERT INTO items (id, name) VALUES (1, 'durable')");
      await first.close();
      const second = openDatabase(path.join(dir, 'db'));
      expect(await applyMigrations(second, MIGRATIONS)).toEqual([]);
      expect(await second.query('SELECT name FROM items')).toEqual([{ name: 'durable' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const postgres = requireTools(POSTGRES_TOOLS);
(postgres.available ? describe : describe.skip)('PostgreSQL database (pg)', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster?.stop());

  describeDatabase(async () => openDatabase(await cluster.createDatabase('kit')));
});
