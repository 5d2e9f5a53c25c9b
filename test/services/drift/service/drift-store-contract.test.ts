import type { Database } from '../../../../services/kit/database/database';
import { EmbeddedDatabase } from '../../../../services/kit/database/embedded-database';
import { PostgresDatabase } from '../../../../services/kit/database/postgres-database';
import { applyMigrations, readMigrations } from '../../../../services/kit/database/migrations';
import { compareDatasets } from '../../../../services/drift/compare';
import type { DriftStore, ReferenceProfile, StoredReport, TriggerRecord } from '../../../../services/drift/monitor/drift-store';
import { InMemoryDriftStore } from '../../../../services/drift/monitor/memory-drift-store';
import { DatabaseDriftStore } from '../../../../services/drift/service/database-drift-store';
import { MIGRATIONS_DIR } from '../../../../services/drift/service/drift-server';
import { requireTools } from '../../../support/tools';
import { POSTGRES_TOOLS, startPostgres, type PostgresCluster } from '../../../support/postgres-cluster';

const withPostgres = requireTools(POSTGRES_TOOLS).available;

let db: Database;
let postgresDb: Database | undefined;
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  db = new EmbeddedDatabase();
  await applyMigrations(db, readMigrations(MIGRATIONS_DIR), 'drift_schema_migrations');
  if (withPostgres) {
    cluster = await startPostgres();
    postgresDb = new PostgresDatabase({ url: await cluster.createDatabase('drift_store') });
    await applyMigrations(postgresDb, readMigrations(MIGRATIONS_DIR), 'drift_schema_migrations');
  }
});
afterAll(async () => {
  await db.close();
  await postgresDb?.close();
  await cluster?.stop();
});

let modelCount = 0;
/** A fresh model name per test: the database store is shared by the whole file. */
const newModel = () => `model-${++modelCount}`;

function profile(model: string, id: string): ReferenceProfile {
  return {
    model,
    id,
    createdAt: '2025-01-01T00:00:00.000Z',
    columns: [{ name: 'x', type: 'numeric' }, { name: 'city', type: 'categorical' }],
    rows: 3,
    values: { x: [1.5, null, -2], city: ['a', null, 'b'] },
    options: { columns: { x: { stattest: 'psi', threshold: 0.2 } }, driftShare: 0.5 },
  };
}

function report(model: string, referenceId: string, id: string, rowsSeen: number): StoredReport {
  return {
    id,
    model,
    reference_id: referenceId,
    created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, rowsSeen)).toISOString(),
    window_rows: Math.min(rowsSeen, 100),
    rows_seen: rowsSeen,
    report: compareDatasets({ columns: { x: Float64Array.of(1, 2, 3) } }, { columns: { x: Float64Array.of(1, 2, rowsSeen) } }),
  };
}

function trigger(model: string, id: string, outcome: TriggerRecord['outcome'], finishedAt: string, extra: Partial<TriggerRecord> = {}): TriggerRecord {
  return { id, model, reason: 'drift', idempotency_key: `key-${id}`, outcome, attempts: [{ at: finishedAt, status: 503 }, { at: finishedAt, error: 'ECONNRESET' }], started_at: finishedAt, finished_at: finishedAt, ...extra };
}

describe.each<[string, () => DriftStore]>([
  ['InMemoryDriftStore', () => new InMemoryDriftStore()],
  ['DatabaseDriftStore (PGlite)', () => new DatabaseDriftStore(db)],
  ...(withPostgres ? [['DatabaseDriftStore (PostgreSQL)', () => new DatabaseDriftStore(postgresDb!)] as [string, () => DriftStore]] : []),
])('%s', (_, createStore) => {
  let store: DriftStore;
  beforeEach(() => {
    store = createStore();
  });

  it('keeps a profile as it was given, and lists its model', async () => {
    const model = newModel();
    await store.saveProfile(profile(model, 'p1'));
    expect(await store.loadProfile(model)).toEqual(profile(model, 'p1'));
    expect(await store.listModels()).toContain(model);
    expect(await store.loadProfile('nobody')).toBeUndefined();
  });

  it('gives a profile without its values, and takes values already written as JSON', async () => {
    const model = newModel();
    const { values, ...summary } = profile(model, 'p1');
    await store.saveProfile({ ...profile(model, 'p1'), valuesJson: JSON.stringify(values) });
    expect(await store.loadProfileSummary(model)).toEqual(summary);
    expect(await store.loadProfile(model)).toEqual(profile(model, 'p1'));
    expect(await store.loadProfileSummary('nobody')).toBeUndefined();
  });

  it('keeps an embedding column\'s declaration, options and vectors, in the profile and in the window', async () => {
    const model = newModel();
    const withEmbedding: ReferenceProfile = {
      ...profile(model, 'p1'),
      columns: [{ name: 'x', type: 'numeric' }, { name: 'query', type: 'embedding', dimensions: 3 }],
      values: { x: [1.5, null, -2], query: [[0.1, -0.25, 1e-300], null, [1.7e308, 0, -3]] },
      options: { embeddings: { query: { distanceThreshold: 0.3 } } },
    };
    await store.saveProfile(withEmbedding);
    expect(await store.loadProfile(model)).toEqual(withEmbedding);
    const window = await store.appendToWindow(model, 'p1', [[2, [0.5, 0.25, -0.125]], [null, null]], 10);
    expect(window?.rows).toEqual([[2, [0.5, 0.25, -0.125]], [null, null]]);
    expect(await store.readWindow(model)).toEqual(window);
  });

  it('keeps the newest keepRows rows in order and counts every row appended', async () => {
    const model = newModel();
    await store.saveProfile(profile(model, 'p1'));
    await store.appendToWindow(model, 'p1', [[1, 'a'], [2, null]], 3);
    const window = await store.appendToWindow(model, 'p1', [[3, 'c'], [null, 'd']], 3);
    expect(window).toEqual({ profileId: 'p1', rows: [[2, null], [3, 'c'], [null, 'd']], rowsSeen: 4 });
    expect(await store.readWindow(model)).toEqual(window);
    expect(await store.readWindow('nobody')).toBeUndefined();
  });

  it('appends nothing for a profile that has been replaced, and empties the window on replacement', async () => {
    const model = newModel();
    await store.saveProfile(profile(model, 'p1'));
    await store.appendToWindow(model, 'p1', [[1, 'a']], 10);
    await store.saveProfile(profile(model, 'p2'));
    expect(await store.readWindow(model)).toEqual({ profileId: 'p2', rows: [], rowsSeen: 0 });
    expect(await store.appendToWindow(model, 'p1', [[2, 'b']], 10)).toBeUndefined();
    expect(await store.readWindow(model)).toEqual({ profileId: 'p2', rows: [], rowsSeen: 0 });
  });

  it('loses no row when batches of one model arrive together', async () => {
    const model = newModel();
    await store.saveProfile(profile(model, 'p1'));
    await Promise.all(Array.from({ length: 8 }, (_, b) => store.appendToWindow(model, 'p1', [[b, 'first'], [b, 'second']], 100)));
    const window = await store.readWindow(model);
    expect(window?.rowsSeen).toBe(16);
    expect(window?.rows.map((row) => `${row[0]}:${row[1]}`).sort()).toEqual(Array.from({ length: 8 }, (_, b) => [`${b}:first`, `${b}:second`]).flat().sort());
  });

  it('returns the report of the profile\'s newest window', async () => {
    const model = newModel();
    await store.saveReport(report(model, 'p1', 'r-200', 200));
    await store.saveReport(report(model, 'p1', 'r-300', 300));
    await store.saveReport(report(model, 'p1', 'r-250', 250));
    await store.saveReport(report(model, 'p2', 'r-other', 900));
    expect(await store.latestReport(model, 'p1')).toEqual(report(model, 'p1', 'r-300', 300));
    expect(await store.latestReport(model, 'p3')).toBeUndefined();
  });

  it('pages a profile\'s reports newest window first, each page from below the last one\'s rows_seen', async () => {
    const model = newModel();
    const id = (rowsSeen: number) => `${model}-r-${rowsSeen}`;
    for (const rowsSeen of [200, 300, 250, 100]) await store.saveReport(report(model, 'p1', id(rowsSeen), rowsSeen));
    await store.saveReport(report(model, 'p2', id(900), 900));
    const first = await store.listReports(model, 'p1', { maxResults: 2 });
    expect(first).toEqual([report(model, 'p1', id(300), 300), report(model, 'p1', id(250), 250)]);
    expect((await store.listReports(model, 'p1', { maxResults: 2, beforeRowsSeen: 250 })).map((stored) => stored.id)).toEqual([id(200), id(100)]);
    expect(await store.listReports(model, 'p1', { maxResults: 2, beforeRowsSeen: 100 })).toEqual([]);
    expect((await store.listReports(model, 'p2', { maxResults: 10 })).map((stored) => stored.id)).toEqual([id(900)]);
  });

  it('lists triggers newest first and finds the last delivered one', async () => {
    const model = newModel();
    await store.recordTrigger(trigger(model, 't1', 'delivered', '2025-01-01T00:00:00.000Z', { report_id: 'r1' }));
    await store.recordTrigger(trigger(model, 't2', 'delivered', '2025-01-02T00:00:00.000Z', { report_id: 'r2' }));
    await store.recordTrigger(trigger(model, 't3', 'failed', '2025-01-03T00:00:00.000Z', { detail: '5 attempts; last: ECONNREFUSED', reason: 'schedule' }));
    expect((await store.listTriggers(model)).map((record) => record.id)).toEqual(['t3', 't2', 't1']);
    expect(await store.lastDeliveredTrigger(model)).toEqual(trigger(model, 't2', 'delivered', '2025-01-02T00:00:00.000Z', { report_id: 'r2' }));
    const [failed] = await store.listTriggers(model);
    expect(failed).toEqual(trigger(model, 't3', 'failed', '2025-01-03T00:00:00.000Z', { detail: '5 attempts; last: ECONNREFUSED', reason: 'schedule' }));
    expect(failed).not.toHaveProperty('report_id');
    expect(await store.lastDeliveredTrigger('nobody')).toBeUndefined();
  });
});
