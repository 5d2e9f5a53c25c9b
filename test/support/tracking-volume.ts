import { createHash } from 'node:crypto';
import { applyMigrations, readMigrations } from '../../services/kit/database/migrations';
import { openDatabase } from '../../services/kit/database/open-database';
import { MIGRATIONS_DIR } from '../../services/tracking/server';

/** The size and shape of a seeded tracking store. */
export interface TrackingVolumeOptions {
  /** The experiment the runs go into; created. */
  readonly experimentName: string;
  /** @default 10_000 */
  readonly runs?: number;
  /** @default ['loss', 'accuracy'] */
  readonly metricKeys?: readonly string[];
  /**
   * Logged steps per run and metric key: the store holds runs × metricKeys × stepsPerRun points.
   * @default 50 (1,000,000 points with the other defaults)
   */
  readonly stepsPerRun?: number;
}

/** What was seeded, for tests and benchmarks to look up. */
export interface TrackingVolume {
  readonly experimentId: string;
  /** Run names are `run-00001`…, numbered in start order (the newest run has the largest number). */
  readonly runNames: (index: number) => string;
  /** Run ids in the same order (index 1 is `run-00001`). */
  readonly runId: (index: number) => string;
  readonly runs: number;
  readonly metricPoints: number;
}

const PARAM_SQL = {
  learning_rate: `(0.001 * (1 + i % 10))::text`,
  batch_size: `(16 * 2 ^ (i % 4))::int::text`,
  optimizer: `(ARRAY['adam', 'sgd', 'rmsprop'])[1 + i % 3]`,
  layers: `(1 + i % 5)::text`,
};

/**
 * Seeds a tracking store (a PostgreSQL URL or an embedded store's directory, migrated first) with an
 * experiment of many runs, each with params, tags and long metric histories; then a tracking server
 * started on that store serves them. Written in SQL (`generate_series`), not through the API:
 * log-batch takes at most 1,000 points a request, and the API needs 10,000 runs/create calls for the
 * runs alone, minutes on this machine against seconds. The rows are what the API would have written:
 * `metrics` and `latest_metrics` agree, every run has its `mlflow.runName` tag.
 */
export async function seedTrackingVolume(database: string, options: TrackingVolumeOptions): Promise<TrackingVolume> {
  const runs = options.runs ?? 10_000;
  const keys = [...(options.metricKeys ?? ['loss', 'accuracy'])];
  const steps = options.stepsPerRun ?? 50;
  const db = openDatabase(database);
  try {
    await applyMigrations(db, readMigrations(MIGRATIONS_DIR));
    const name = options.experimentName;
    const start = 1_750_000_000_000;
    const experimentId = await db.transaction(async (tx) => {
      const [{ id }] = (await tx.query<{ id: number }>(
        `INSERT INTO experiments VALUES (nextval('experiment_ids'), $1, 'mlflow-artifacts:/' || currval('experiment_ids'), 'active', $2, $2)
         RETURNING experiment_id AS id`,
        [name, start],
      )) as [{ id: number }];
      // Run ids are deterministic (md5 of experiment and number), 32 hex digits as MLflow's.
      await tx.query(
        `INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, end_time, artifact_uri)
         SELECT md5($1 || '/' || i), $2::bigint, 'run-' || lpad(i::text, 5, '0'), 'seeder',
                (ARRAY['FINISHED', 'FINISHED', 'FINISHED', 'FAILED', 'KILLED'])[1 + i % 5],
                $3::bigint + i * 60000, $3::bigint + i * 60000 + $4::bigint * 1000,
                'mlflow-artifacts:/' || $2::bigint || '/' || md5($1 || '/' || i) || '/artifacts'
         FROM generate_series(1, $5::int) i`,
        [name, id, start, steps, runs],
      );
      const numbered = `SELECT run_id, substr(run_name, 5)::int AS i, start_time FROM runs WHERE experiment_id = ${Number(id)}`;
      for (const [key, value] of Object.entries(PARAM_SQL)) {
        await tx.query(`INSERT INTO params (run_id, key, value) SELECT run_id, $1, ${value} FROM (${numbered}) r`, [key]);
      }
      await tx.query(
        `INSERT INTO tags (run_id, key, value)
         SELECT run_id, 'mlflow.runName', 'run-' || lpad(i::text, 5, '0') FROM (${numbered}) r
         UNION ALL SELECT run_id, 'mlflow.user', 'seeder' FROM (${numbered}) r`,
      );
      // A loss that falls with the step, at a pace that differs between runs, with some wiggle;
      // other keys follow from it. One second between steps.
      const value = `CASE WHEN k.n = 1 THEN exp(-3.0 * s / $1::int * (1 + (i % 7) / 7.0)) + 0.02 * sin(s * 0.7 + i)
                          ELSE 1 - 0.5 * exp(-3.0 * s / $1::int * (1 + (i % 7) / 7.0)) / k.n END`;
      // Inserted in index order (run, key, step), which keeps the b-tree inserts sequential.
      const points = `SELECT r.run_id, k.key, ${value} AS value, r.start_time + s * 1000 AS timestamp, s AS step
         FROM (${numbered}) r CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS k(key, n) CROSS JOIN generate_series(0, $1::int - 1) s`;
      await tx.query(`INSERT INTO metrics (run_id, key, value, timestamp, step) SELECT * FROM (${points}) p ORDER BY run_id, key, step`, [steps, keys]);
      await tx.query(`INSERT INTO latest_metrics (run_id, key, value, timestamp, step) SELECT * FROM (${points}) p WHERE step = $1::int - 1`, [steps, keys]);
      return String(id);
    });
    // Fresh statistics, as autovacuum would gather soon after a real load: plans then match production's.
    await db.exec('ANALYZE');
    return {
      experimentId,
      runs,
      metricPoints: runs * keys.length * steps,
      runNames: (index) => `run-${String(index).padStart(5, '0')}`,
      runId: (index) => createHash('md5').update(`${name}/${index}`).digest('hex'),
    };
  } finally {
    await db.close();
  }
}
