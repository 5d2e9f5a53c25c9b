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
    const range = [start_step ?? null, end_step ?? null];
    const rows = await context.db.query<{ run_id: string; key: string; value: number; timestamp: number; step: number }>(
      `SELECT run_id, key, value, timestamp, step FROM metrics
       WHERE run_id = ANY($1::text[]) AND key = $2 AND ($3::bigint IS NULL OR step BETWEEN $3 AND $4)
       ORDER BY step, timestamp`,
      [run_ids, metric_key, ...range],
    );
    const kept = sampledSteps(rows, max_results);
    const order = new Map(run_ids.map((id, index) => [id, index]));
    return {
      metrics: rows
        .filter((row) => kept.has(row.step))
        .sort((a, b) => order.get(a.run_id)! - order.get(b.run_id)! || a.step - b.step || a.timestamp - b.timestamp)
        .map((row) => ({ key: row.key, value: encodeDouble(row.value), timestamp: row.timestamp, step: row.step, run_id: row.run_id })),
    };
  },
});

/** At most `maxResults` evenly spaced steps of all logged, plus each run's first and last. */
function sampledSteps(rows: readonly { run_id: string; step: number }[], maxResults: number): Set<number> {
  const steps = [...new Set(rows.map((row) => row.step))].sort((a, b) => a - b);
  const kept = new Set(
    steps.length <= maxResults ? steps : Array.from({ length: maxResults }, (_, i) => steps[Math.round((i * (steps.length - 1)) / Math.max(maxResults - 1, 1))]!),
  );
  const ends = new Map<string, { first: number; last: number }>();
  for (const { run_id, step } of rows) {
    const seen = ends.get(run_id);
    ends.set(run_id, seen ? { first: Math.min(seen.first, step), last: Math.max(seen.last, step) } : { first: step, last: step });
  }
  for (const { first, last } of ends.values()) kept.add(first).add(last);
  return kept;
}
