import { z } from 'zod';
import { operation, required } from '../mlflow/operation';
import { decodePageToken, toPage } from '../mlflow/page-token';
import { encodeDouble } from '../mlflow/proto-json';
import { runIdInput, runIdOf } from './run-operations';
import { findRun } from './run-store';

/** Every value logged for one metric of a run, oldest first. */
export const getMetricHistory = operation({
  access: 'read',
  input: z.object({ ...runIdInput, metric_key: required(), max_results: z.int().min(1).max(25000).default(25000), page_token: z.string().optional() }),
  async handle(input, { context }) {
    const runId = runIdOf(input);
    await findRun(context.db, runId);
    const offset = decodePageToken(input.page_token);
    const rows = await context.db.query<{ key: string; value: number; timestamp: number; step: number }>(
      'SELECT key, value, timestamp, step FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY timestamp, step, value LIMIT $3 OFFSET $4',
      [runId, input.metric_key, input.max_results + 1, offset],
    );
    const page = toPage(rows, offset, input.max_results);
    return {
      metrics: page.items.map((row) => ({ key: row.key, value: encodeDouble(row.value), timestamp: row.timestamp, step: row.step })),
      next_page_token: page.nextPageToken,
    };
  },
});
