import { z } from 'zod';
import { searchInput, stagesOf, VIEW_TYPES } from '../mlflow/messages';
import { operation } from '../mlflow/operation';
import { parseExperimentId } from '../experiments/experiment-store';
import { searchPage } from '../search/search-page';
import type { SearchableFields } from '../search/sql-filter';
import { type RunRow, runMessages } from './run-store';

/** What `filter` and `order_by` may name in a run search (MLflow's searchable run attributes and aliases). */
const RUN_FIELDS: SearchableFields = {
  attributes: {
    run_id: { sql: 'r.run_id', type: 'string' },
    run_name: { sql: 'r.run_name', type: 'string' },
    status: { sql: 'r.status', type: 'string' },
    user_id: { sql: 'r.user_id', type: 'string' },
    artifact_uri: { sql: 'r.artifact_uri', type: 'string' },
    lifecycle_stage: { sql: 'r.lifecycle_stage', type: 'string' },
    start_time: { sql: 'r.start_time', type: 'number' },
    end_time: { sql: 'r.end_time', type: 'number' },
    created: { sql: 'r.start_time', type: 'number' },
    Created: { sql: 'r.start_time', type: 'number' },
  },
  keyed: {
    metric: { type: 'number', table: 'latest_metrics', match: 'x.run_id = r.run_id' },
    parameter: { type: 'string', table: 'params', match: 'x.run_id = r.run_id' },
    tag: { type: 'string', table: 'tags', match: 'x.run_id = r.run_id' },
  },
};

export const searchRuns = operation({
  access: 'read',
  input: z.object({ experiment_ids: z.array(z.string()).optional(), ...searchInput({ default: 1000, max: 50000 }), run_view_type: z.enum(VIEW_TYPES).optional() }),
  async handle({ experiment_ids = [], run_view_type, ...request }, { context }) {
    const experimentIds = experiment_ids.map(parseExperimentId).filter((id) => id !== undefined);
    const page = await searchPage<RunRow>(
      context.db,
      {
        table: 'runs',
        alias: 'r',
        fields: RUN_FIELDS,
        conditions: ['r.experiment_id = ANY($1::bigint[])', 'r.lifecycle_stage = ANY($2::text[])'],
        params: [experimentIds, stagesOf(run_view_type)],
        tiebreak: ['r.start_time DESC', 'r.run_id ASC'],
      },
      request,
    );
    return { runs: await runMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});
