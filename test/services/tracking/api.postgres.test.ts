import pg from 'pg';
import { requireTools } from '../../support/tools';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';
import { describeTrackingApi } from './suites/api-behaviour';
import { describeMlflowConformance } from './suites/mlflow-conformance';
import { describeMlflow3Conformance } from './suites/mlflow3-conformance';
import { startTracking } from './support/tracking-harness';

const postgres = requireTools(POSTGRES_TOOLS);
const describeWithPostgres = postgres.available ? describe : describe.skip;

// The same suites as on the embedded store, against a real PostgreSQL server (one cluster for the file).
describeWithPostgres('on PostgreSQL', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster?.stop());

  describe('tracking API', () => {
    describeTrackingApi(async () => startTracking({ database: await cluster.createDatabase('api') }));
  });

  describe('MLflow conformance', () => {
    describeMlflowConformance(async () => startTracking({ database: await cluster.createDatabase('conformance') }));
  });

  describe('MLflow 3 clients', () => {
    describeMlflow3Conformance(async () => startTracking({ database: await cluster.createDatabase('mlflow3') }));
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    const url = await cluster.createDatabase('audit');
    const harness = await startTracking({ database: url });
    await harness.client.createRegisteredModel('audited');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await expect(db.query("UPDATE audit_events SET actor = 'someone else'")).rejects.toThrow('audit_events is append-only');
      await expect(db.query('DELETE FROM audit_events')).rejects.toThrow('audit_events is append-only');
      await expect(db.query('TRUNCATE audit_events')).rejects.toThrow('audit_events is append-only');
      expect((await db.query('SELECT actor FROM audit_events')).rows).toEqual([{ actor: 'anonymous' }]);
    } finally {
      await db.end();
      await harness.close();
    }
  });
});
