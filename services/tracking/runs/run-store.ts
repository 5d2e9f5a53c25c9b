import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact, encodeDouble, keyValues } from '../mlflow/proto-json';

export interface RunRow {
  readonly run_id: string;
  readonly experiment_id: number;
  readonly run_name: string;
  readonly user_id: string;
  readonly status: string;
  readonly start_time: number;
  readonly end_time: number | null;
  readonly lifecycle_stage: string;
  readonly artifact_uri: string;
}

export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

/** MLflow's system tag holding the run name, kept equal to the run_name column. */
export const RUN_NAME_TAG = 'mlflow.runName';

export async function findRun(db: Queryable, runId: string): Promise<RunRow> {
  const [row] = await db.query<RunRow>('SELECT * FROM runs WHERE run_id = $1', [runId]);
  if (!row) throw new ServiceError('not-found', `Run with id=${runId} not found`);
  return row;
}

export function requireActiveRun(run: RunRow): void {
  if (run.lifecycle_stage !== 'active') {
    throw new ServiceError('invalid', `The run ${run.run_id} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
  }
}

export function runInfoMessage(row: RunRow) {
  return compact({
    run_id: row.run_id,
    run_uuid: row.run_id,
    run_name: row.run_name,
    experiment_id: String(row.experiment_id),
    user_id: row.user_id,
    status: row.status,
    start_time: row.start_time,
    end_time: row.end_time,
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage,
  });
}

interface KeyedRow {
  readonly run_id: string;
  readonly key: string;
  readonly value: string;
}

interface InputRow {
  readonly run_id: string;
  readonly tags: { key: string; value: string }[];
  readonly name: string;
  readonly digest: string;
  readonly source_type: string;
  readonly source: string;
  readonly schema: string | null;
  readonly profile: string | null;
}

/** Full Run messages (info, latest metrics, params, tags, dataset and model inputs, model outputs) for rows, in their order. */
export async function runMessages(db: Queryable, rows: readonly RunRow[]) {
  const ids = [rows.map((row) => row.run_id)];
  const [metrics, params, tags, inputs, modelInputs, modelOutputs] = await Promise.all([
    db.query<{ run_id: string; key: string; value: number; timestamp: number; step: number }>(
      'SELECT run_id, key, value, timestamp, step FROM latest_metrics WHERE run_id = ANY($1::text[]) ORDER BY key',
      ids,
    ),
    db.query<KeyedRow>('SELECT run_id, key, value FROM params WHERE run_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<KeyedRow>('SELECT run_id, key, value FROM tags WHERE run_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<InputRow>(
      `SELECT i.run_id, i.tags, d.name, d.digest, d.source_type, d.source, d.schema, d.profile
       FROM run_inputs i JOIN datasets d USING (dataset_id) WHERE i.run_id = ANY($1::text[]) ORDER BY d.dataset_id`,
      ids,
    ),
    db.query<{ run_id: string; model_id: string }>('SELECT run_id, model_id FROM run_model_inputs WHERE run_id = ANY($1::text[]) ORDER BY model_id', ids),
    db.query<{ run_id: string; model_id: string; step: number }>('SELECT run_id, model_id, step FROM run_model_outputs WHERE run_id = ANY($1::text[]) ORDER BY model_id', ids),
  ]);
  // Grouped once: a page of 1,000 runs would otherwise scan every list once per run.
  const grouped = { metrics: byRun(metrics), params: byRun(params), tags: byRun(tags), inputs: byRun(inputs), modelInputs: byRun(modelInputs), modelOutputs: byRun(modelOutputs) };
  return rows.map((row) => {
    const of = <T>(group: ReadonlyMap<string, T[]>): T[] => group.get(row.run_id) ?? [];
    return {
      info: runInfoMessage(row),
      data: compact({
        metrics: of(grouped.metrics).map((metric) => ({ key: metric.key, value: encodeDouble(metric.value), timestamp: metric.timestamp, step: metric.step })),
        params: keyValues(of(grouped.params)),
        tags: keyValues(of(grouped.tags)),
      }),
      inputs: compact({
        dataset_inputs: of(grouped.inputs).map((input) => ({
          ...compact({ tags: input.tags }),
          dataset: compact({ name: input.name, digest: input.digest, source_type: input.source_type, source: input.source, schema: input.schema, profile: input.profile }),
        })),
        model_inputs: of(grouped.modelInputs).map((input) => ({ model_id: input.model_id })),
      }),
      outputs: compact({ model_outputs: of(grouped.modelOutputs).map((output) => ({ model_id: output.model_id, step: output.step })) }),
    };
  });
}

function byRun<T extends { run_id: string }>(list: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) {
    const group = groups.get(item.run_id);
    if (group) group.push(item);
    else groups.set(item.run_id, [item]);
  }
  return groups;
}
