import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { operation, required } from '../mlflow/operation';
import { encodeDouble } from '../mlflow/proto-json';

/** MLflow's bounds (mlflow/server/handlers.py). */
const MAX_RUNS = 100;
const MAX_RESULTS_PER_RUN = 2500;

/**
 * One metric across several runs, thinned to at most `max_results` steps: what the MLflow UI's
 * charts ask for. Steps are sampled evenly over the steps logged in range, and every run keeps its
 * first and last step so that no line is cut short.
 */
export const getMetricHistoryBulkInterval = operation({
  access: 'read',
  input: z.object({
    run_ids: z.array(z.string()).default([]),
    metric_key: required(),
    start_step: z.int().optional(),
    end_step: z.int().optional(),
    max_results: z.int().min(1).max(MAX_RESULTS_PER_RUN).default(MAX_RESULTS_PER_RUN),
  }),
  async handle({ run_ids, metric_key, start_step, end_step, max_results }, { context }) {
    if (run_ids.length === 0) throw new ServiceError('invalid', 'GetMetricHistoryBulkInterval request must specify at least one run_id.');
    if (run_ids.length > MAX_RUNS) {
      throw new ServiceError('invalid', `GetMetricHistoryBulkInterval request cannot specify more than ${MAX_RUNS} run_ids. Received ${run_ids.length} run_ids.`);
    }
    if ((start_step === undefined) !== (end_step === undefined)) throw new ServiceError('invalid', 'If either start step or end step are specified, both must be specified.');
    if (start_step !== undefined && end_step !== undefined && start_step > end_step) throw new ServiceError('invalid', 'end_step must be greater than start_step. ');
    // Unbounded ends as the extreme bigints keep the range an index condition (no `IS NULL OR`).
    const range = [start_step ?? MIN_STEP, end_step ?? MAX_STEP];
    const kept = await context.db.query<{ step: number | null }>(SAMPLED_STEPS_SQL, [run_ids, metric_key, ...range, max_results]);
    // IN (SELECT unnest(...)) is one index lookup per kept step; before PostgreSQL 17, `step = ANY(array)`
    // tests every row of the runs against the whole array.
    const rows = await context.db.query<{ run_id: string; key: string; value: number; timestamp: number; step: number }>(
      'SELECT run_id, key, value, timestamp, step FROM metrics WHERE run_id = ANY($1::text[]) AND key = $2 AND step IN (SELECT unnest($3::bigint[]))',
      [run_ids, metric_key, kept.flatMap((row) => (row.step === null ? [] : [row.step]))],
    );
    const order = new Map(run_ids.map((id, index) => [id, index]));
    return {
      metrics: rows
        .sort((a, b) => order.get(a.run_id)! - order.get(b.run_id)! || a.step - b.step || a.timestamp - b.timestamp)
        .map((row) => ({ key: row.key, value: encodeDouble(row.value), timestamp: row.timestamp, step: row.step, run_id: row.run_id })),
    };
  },
});

const MIN_STEP = '-9223372036854775808';
const MAX_STEP = '9223372036854775807';

/**
 * The steps whose rows the answer holds, picked in the database so that only their rows leave it (a
 * run of 100,000 steps sends 1,000 rows, not 100,000): of the n distinct steps logged in range by the
 * runs $1 for key $2, those at positions Math.round(i * (n - 1) / (max - 1)) for i < max ($5), or all
 * when n <= max; and each run's first and last step in range (null for a run without any), found at
 * the ends of index `metrics_by_step`. Positions are computed in float8 as JavaScript computes them,
 * so the steps are the ones this service picked when it sampled in JavaScript. The distinct steps are
 * numbered as they are sorted (one sort, no hash table): 1,000,000 steps take about a second embedded.
 */
const SAMPLED_STEPS_SQL = `
  WITH numbered AS MATERIALIZED (
    SELECT step, row_number() OVER (ORDER BY step) - 1 AS position
    FROM (SELECT DISTINCT step FROM metrics WHERE run_id = ANY($1::text[]) AND key = $2 AND step BETWEEN $3::bigint AND $4::bigint) steps
  ),
  total AS (SELECT count(*) AS n FROM numbered),
  positions AS (
    SELECT floor(i::float8 * (n - 1) / greatest($5::int - 1, 1) + 0.5)::bigint AS position
    FROM total, generate_series(0, $5::int - 1) i WHERE n > $5::int
  )
  SELECT step FROM numbered WHERE (SELECT n FROM total) <= $5::int OR position IN (SELECT position FROM positions)
  UNION SELECT (SELECT min(step) FROM metrics m WHERE m.run_id = r.id AND m.key = $2 AND m.step BETWEEN $3::bigint AND $4::bigint) FROM unnest($1::text[]) r(id)
  UNION SELECT (SELECT max(step) FROM metrics m WHERE m.run_id = r.id AND m.key = $2 AND m.step BETWEEN $3::bigint AND $4::bigint) FROM unnest($1::text[]) r(id)`;
