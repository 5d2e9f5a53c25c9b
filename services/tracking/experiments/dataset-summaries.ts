import { z } from 'zod';
import { parseExperimentId } from './experiment-store';
import { operation } from '../mlflow/operation';

/** MLflow's cap on the summaries one call returns (the most recent datasets first). */
const MAX_SUMMARIES = 1000;

/**
 * `POST experiments/search-datasets`: the datasets runs of these experiments used, with the
 * `mlflow.data.context` tag of their input (`training`, `eval`), for the MLflow UI's dataset filter.
 */
export const searchDatasets = operation({
  access: 'read',
  input: z.object({ experiment_ids: z.array(z.string()).default([]) }),
  async handle({ experiment_ids }, { context }) {
    const ids = experiment_ids.map(parseExperimentId).filter((id) => id !== undefined);
    const rows = await context.db.query<{ experiment_id: number; name: string; digest: string; context: string | null }>(
      `SELECT DISTINCT d.experiment_id, d.name, d.digest, d.dataset_id, tag->>'value' AS context
       FROM datasets d JOIN run_inputs i USING (dataset_id)
       LEFT JOIN LATERAL jsonb_array_elements(i.tags) tag ON tag->>'key' = 'mlflow.data.context'
       WHERE d.experiment_id = ANY($1::bigint[])
       ORDER BY d.dataset_id DESC LIMIT $2`,
      [ids, MAX_SUMMARIES],
    );
    return {
      dataset_summaries: rows.map((row) => ({ experiment_id: String(row.experiment_id), name: row.name, digest: row.digest, ...(row.context === null ? {} : { context: row.context }) })),
    };
  },
});
