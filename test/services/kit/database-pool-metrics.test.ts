import pg from 'pg';
import { TokenTable } from '../../../services/kit/server/tokens';
import { createDriftServer } from '../../../services/drift/service/drift-server';
import { requireTools } from '../../support/tools';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';
import { startTracking } from '../tracking/support/tracking-harness';

const POOL_SIZE = 10;
const WAITING = 3;

const postgres = requireTools(POSTGRES_TOOLS);
const describeWithPostgres = postgres.available ? describe : describe.skip;

/** The database pool's series on a service's `/metrics`, e.g. `{ 'plinth_database_pool_connections{state="active"}': 10 }`. */
async function poolSeries(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const lines = text.split('\n').filter((line) => line.startsWith('plinth_database_pool_'));
  return Object.fromEntries(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
}

/**
 * Reads `/metrics` until it shows `expected` (the requests sent before reach the pool in their own time),
 * or for at most 30 s: then returns what it shows, for the assertion to print.
 */
async function poolSeriesOnceShowing(url: string, expected: Record<string, number>): Promise<Record<string, number>> {
  const giveUpAt = Date.now() + 30_000;
  for (;;) {
    const series = await poolSeries(url);
    if (Object.entries(expected).every(([name, value]) => series[name] === value) || Date.now() > giveUpAt) return series;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeWithPostgres('database connection pool metrics on /metrics', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('show every connection of tracking’s pool in use and requests waiting while the database holds them, then idle connections', async () => {
    const database = await cluster.createDatabase('saturated');
    const tracking = await startTracking({ database });
    // Another session locks the table every experiment read needs: each request holds a pool connection
    // until the lock goes, and those beyond the pool's size wait for a connection.
    const locker = new pg.Client({ connectionString: database });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE experiments IN ACCESS EXCLUSIVE MODE');
      const reads = Array.from({ length: POOL_SIZE + WAITING }, () => fetch(`${tracking.url}/api/2.0/mlflow/experiments/get?experiment_id=0`));

      expect(
        await poolSeriesOnceShowing(tracking.url, {
          'plinth_database_pool_connections{state="active"}': POOL_SIZE,
          plinth_database_pool_waiting_requests: WAITING,
        }),
      ).toEqual({
        'plinth_database_pool_connections{state="active"}': POOL_SIZE,
        'plinth_database_pool_connections{state="idle"}': 0,
        plinth_database_pool_waiting_requests: WAITING,
        plinth_database_pool_max_connections: POOL_SIZE,
      });

      await locker.query('COMMIT');
      expect((await Promise.all(reads)).map((response) => response.status)).toEqual(Array(POOL_SIZE + WAITING).fill(200));
      expect(await poolSeries(tracking.url)).toEqual({
        'plinth_database_pool_connections{state="active"}': 0,
        'plinth_database_pool_connections{state="idle"}': POOL_SIZE,
        plinth_database_pool_waiting_requests: 0,
        plinth_database_pool_max_connections: POOL_SIZE,
      });
    } finally {
      await locker.end();
      await tracking.close();
    }
  });

  it('are on drift’s /metrics too', async () => {
    const { service } = await createDriftServer({ database: await cluster.createDatabase('drift'), tokens: new TokenTable([]), logLevel: 'silent', analysisThreads: 1 });
    const url = await service.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect(await poolSeries(url)).toEqual({
        'plinth_database_pool_connections{state="active"}': 0,
        'plinth_database_pool_connections{state="idle"}': expect.any(Number),
        plinth_database_pool_waiting_requests: 0,
        plinth_database_pool_max_connections: POOL_SIZE,
      });
    } finally {
      await service.close();
    }
  });
});

it('are absent with the embedded store, whose single connection the pool gauges would not describe', async () => {
  const tracking = await startTracking({ database: 'memory:' });
  try {
    expect(await poolSeries(tracking.url)).toEqual({});
  } finally {
    await tracking.close();
  }
});
