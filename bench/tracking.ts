/**
 * Tracking server benchmark, against a throwaway PostgreSQL cluster: log-batch throughput (metrics
 * per second) and log-metric latency under 64 concurrent clients (autocannon), and the raw `pg`
 * insert rate of the same rows as the ceiling. The server runs as `plinth tracking serve` in its own
 * process so that the load generator does not share its event loop. Medians of several runs.
 *
 *   npx tsx bench/tracking.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { TrackingClient } from '../services/tracking/client/tracking-client';
import { hasCommand } from '../test/support/tools';
import { startPostgres } from '../test/support/postgres-cluster';
import { startCliServer } from '../test/services/tracking/support/cli-server';
import { median, printFigure } from './figures';

const RUNS = 3;
const CONNECTIONS = 64;
const METRICS_PER_BATCH = 1000;
const BATCHES_PER_RUN = 256;
const LATENCY_SECONDS = 5;

function batchBody(runId: string): string {
  const metrics = Array.from({ length: METRICS_PER_BATCH }, (_, step) => ({ key: `metric_${step % 10}`, value: Math.sin(step), timestamp: 1_700_000_000_000 + step, step }));
  return JSON.stringify({ run_id: runId, metrics });
}

async function load(url: string, body: string, options: { amount?: number; duration?: number }): Promise<autocannon.Result> {
  const result = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS, ...options });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

/** The same rows straight into the same table through `pg`, 64 batches in flight: what the database allows. */
async function rawInsertRate(url: string, runId: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  const keys = Array.from({ length: METRICS_PER_BATCH }, (_, step) => `metric_${step % 10}`);
  const values = Array.from({ length: METRICS_PER_BATCH }, (_, step) => Math.sin(step));
  const timestamps = Array.from({ length: METRICS_PER_BATCH }, (_, step) => 1_700_000_000_000 + step);
  const steps = Array.from({ length: METRICS_PER_BATCH }, (_, step) => step);
  const insert = () =>
    pool.query('INSERT INTO metrics (run_id, key, value, timestamp, step) SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::bigint[], $5::bigint[])', [
      runId,
      keys,
      values,
      timestamps,
      steps,
    ]);
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, insert));
    const start = process.hrtime.bigint();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next++ < BATCHES_PER_RUN) await insert();
      }),
    );
    return (BATCHES_PER_RUN * METRICS_PER_BATCH) / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  if (!hasCommand('initdb') || !hasCommand('pg_ctl')) {
    process.stdout.write('tracking: SKIPPED (PostgreSQL server binaries initdb and pg_ctl not on PATH)\n');
    return;
  }
  const cluster = await startPostgres();
  const artifacts = mkdtempSync(path.join(tmpdir(), 'plinth-bench-'));
  try {
    const database = await cluster.createDatabase('bench');
    const server = await startCliServer(['--database-url', database, '--artifacts', artifacts]);
    try {
      const client = new TrackingClient({ uri: server.url });
      const runIds = await Promise.all(Array.from({ length: RUNS }, async () => (await client.createRun()).info.run_id));
      const api = `${server.url}/api/2.0/mlflow/runs`;
      await load(`${api}/log-batch`, batchBody(runIds[0]!), { amount: CONNECTIONS });

      const throughput: number[] = [];
      const ceiling: number[] = [];
      for (const runId of runIds) {
        const result = await load(`${api}/log-batch`, batchBody(runId), { amount: BATCHES_PER_RUN });
        throughput.push((BATCHES_PER_RUN * METRICS_PER_BATCH) / (result.duration));
        ceiling.push(await rawInsertRate(database, runId));
      }
      const p50: number[] = [];
      const p99: number[] = [];
      for (const runId of runIds) {
        const body = JSON.stringify({ run_id: runId, key: 'loss', value: 0.5, timestamp: 1_700_000_000_000, step: 1 });
        const result = await load(`${api}/log-metric`, body, { duration: LATENCY_SECONDS });
        p50.push(result.latency.p50);
        p99.push(result.latency.p99);
      }
      const plinth = median(throughput);
      const raw = median(ceiling);
      printFigure(`tracking log-batch throughput, ${METRICS_PER_BATCH} metrics a batch, ${CONNECTIONS} clients, PostgreSQL (median of ${RUNS})`, plinth, 'metrics/s');
      printFigure(`tracking raw pg insert of the same rows, ${CONNECTIONS} connections (ceiling, median of ${RUNS})`, raw, 'metrics/s');
      printFigure('tracking log-batch throughput as a share of the raw pg ceiling', (100 * plinth) / raw, '%');
      printFigure(`tracking log-metric latency p50, ${CONNECTIONS} clients (median of ${RUNS} x ${LATENCY_SECONDS} s)`, median(p50), 'ms');
      printFigure(`tracking log-metric latency p99, ${CONNECTIONS} clients (median of ${RUNS} x ${LATENCY_SECONDS} s)`, median(p99), 'ms');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  } finally {
    await cluster.stop();
    rmSync(artifacts, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
