import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { TrackingClient } from '../../../services/tracking/client/tracking-client';
import { requireTools } from '../../support/tools';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';
import { startCliServer } from './support/cli-server';

const postgres = requireTools(POSTGRES_TOOLS);

/**
 * A server killed (SIGKILL: no shutdown, no rollback of its own) in the middle of a log-batch leaves
 * none of that batch behind. To kill it at a known point, the server runs with the test-only
 * PLINTH_TRACKING_TEST_PAUSE_IN_LOG_BATCH_MS: every row of the batch is written, the transaction
 * is still open, the server logs that it is pausing before COMMIT; the test kills it then.
 */
(postgres.available ? describe : describe.skip)('crash safety of log-batch on PostgreSQL', () => {
  let cluster: PostgresCluster;
  let artifacts: string;
  beforeAll(async () => {
    cluster = await startPostgres();
    artifacts = mkdtempSync(path.join(tmpdir(), 'plinth-crash-'));
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(artifacts, { recursive: true, force: true });
  });

  it('leaves nothing of a batch whose server was killed before COMMIT, and the same batch lands once re-sent', async () => {
    const database = await cluster.createDatabase('crash');
    const batch = {
      metrics: Array.from({ length: 900 }, (_, step) => ({ key: `m${step % 9}`, value: step, timestamp: 1_700_000_000_000 + step, step })),
      params: Array.from({ length: 50 }, (_, i) => ({ key: `p${i}`, value: String(i) })),
      tags: Array.from({ length: 50 }, (_, i) => ({ key: `t${i}`, value: String(i) })),
    };

    const doomed = await startCliServer(['--database-url', database, '--artifacts', artifacts], { PLINTH_TRACKING_TEST_PAUSE_IN_LOG_BATCH_MS: '120000' });
    const client = new TrackingClient({ uri: doomed.url });
    const runId = (await client.createRun()).info.run_id;
    await client.logParam(runId, 'committed-before', 'yes');
    const request = client.logBatch(runId, batch).then(
      () => 'answered',
      () => 'connection lost',
    );
    await doomed.waitForLog('log-batch written, pausing before COMMIT');

    // Proof that the batch really is written and uncommitted at this point: the server's session is
    // inside a transaction, and nothing of the batch is visible from outside it.
    const observer = new pg.Client({ connectionString: database });
    await observer.connect();
    try {
      const sessions = await observer.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction'");
      expect(sessions.rows[0].n).toBe(1);
      doomed.child.kill('SIGKILL');
      expect(await doomed.exited).toBe('SIGKILL');
      expect(await request).toBe('connection lost');

      const counts = async () =>
        (
          await observer.query(
            `SELECT (SELECT count(*)::int FROM metrics WHERE run_id = $1) AS metrics, (SELECT count(*)::int FROM latest_metrics WHERE run_id = $1) AS latest,
                    (SELECT count(*)::int FROM params WHERE run_id = $1) AS params, (SELECT count(*)::int FROM tags WHERE run_id = $1 AND key LIKE 't%') AS tags`,
            [runId],
          )
        ).rows[0];
      expect(await counts()).toEqual({ metrics: 0, latest: 0, params: 1, tags: 0 });

      const restarted = await startCliServer(['--database-url', database, '--artifacts', artifacts]);
      try {
        const again = new TrackingClient({ uri: restarted.url });
        const run = await again.getRun(runId);
        expect(run.data.metrics).toBeUndefined();
        expect(run.data.params).toEqual([{ key: 'committed-before', value: 'yes' }]);
        await again.logBatch(runId, batch);
        expect(await counts()).toEqual({ metrics: 900, latest: 9, params: 51, tags: 50 });
      } finally {
        restarted.child.kill('SIGTERM');
        await restarted.exited;
      }
    } finally {
      await observer.end();
    }
  }, 60_000);
});
