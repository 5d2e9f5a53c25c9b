import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import type { Metric } from '../mlflow/validation';
import { RUN_NAME_TAG } from './run-store';

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** What MLflow 3 links a metric to: the logged model it measures and the dataset it was computed on. */
export interface MetricLinks {
  readonly model_id?: string;
  readonly dataset_name?: string;
  readonly dataset_digest?: string;
}

export interface RunData {
  readonly metrics: readonly (Metric & MetricLinks)[];
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
}

/** How a param logged again with another value is refused: log-parameter and log-batch word it differently. */
export type ParamConflictMessage = (runId: string, conflicts: readonly { key: string; old_value: string; new_value: string }[]) => string;

export const batchParamConflict: ParamConflictMessage = (runId, conflicts) =>
  `Changing param values is not allowed. Params were already logged='${JSON.stringify(conflicts)}' for run ID='${runId}'.`;

export const singleParamConflict: ParamConflictMessage = (runId, [conflict]) =>
  `Changing param values is not allowed. Param with key='${conflict!.key}' was already logged with value='${conflict!.old_value}' for run ID='${runId}'. Attempted logging new value '${conflict!.new_value}'.`;

/**
 * Writes validated metrics, params and tags of one run inside the caller's transaction, with one
 * statement per table whatever the batch size. Keys are written in sorted order so that concurrent
 * batches on one run lock rows in the same order and cannot deadlock.
 */
export async function writeRunData(tx: Queryable, runId: string, data: RunData, paramConflict: ParamConflictMessage): Promise<void> {
  if (data.params.length > 0) {
    const params = [...data.params].sort(byKey);
    const existing = await tx.query<KeyValue>('SELECT key, value FROM params WHERE run_id = $1 AND key = ANY($2::text[])', [runId, params.map((p) => p.key)]);
    const conflicts = params.flatMap((param) => {
      const old = existing.find((row) => row.key === param.key);
      return old && old.value !== param.value ? [{ key: param.key, old_value: old.value, new_value: param.value }] : [];
    });
    if (conflicts.length > 0) throw new ServiceError('invalid', paramConflict(runId, conflicts));
    await tx.query('INSERT INTO params (run_id, key, value) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT (run_id, key) DO NOTHING', [
      runId,
      params.map((p) => p.key),
      params.map((p) => p.value),
    ]);
  }
  if (data.metrics.length > 0) {
    const { metrics } = data;
    await requireLoggedModels(tx, metrics);
    await tx.query(
      `INSERT INTO metrics (run_id, key, value, timestamp, step, model_id, dataset_name, dataset_digest)
       SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[])`,
      [
        runId,
        metrics.map((m) => m.key),
        metrics.map((m) => m.value),
        metrics.map((m) => m.timestamp),
        metrics.map((m) => m.step),
        metrics.map((m) => m.model_id || null),
        metrics.map((m) => m.dataset_name || null),
        metrics.map((m) => m.dataset_digest || null),
      ],
    );
    const latest = latestPerKey(metrics);
    await tx.query(
      `INSERT INTO latest_metrics AS l (run_id, key, value, timestamp, step)
       SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::bigint[], $5::bigint[])
       ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step
       WHERE (excluded.step, excluded.timestamp, excluded.value) > (l.step, l.timestamp, l.value)`,
      [runId, latest.map((m) => m.key), latest.map((m) => m.value), latest.map((m) => m.timestamp), latest.map((m) => m.step)],
    );
  }
  if (data.tags.length > 0) {
    const tags = [...data.tags].sort(byKey);
    await tx.query('INSERT INTO tags (run_id, key, value) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value', [
      runId,
      tags.map((t) => t.key),
      tags.map((t) => t.value),
    ]);
    const runName = tags.find((tag) => tag.key === RUN_NAME_TAG);
    if (runName) await tx.query('UPDATE runs SET run_name = $2 WHERE run_id = $1', [runId, runName.value]);
  }
}

/** Metrics may only name logged models that exist, so that a model's metrics are never orphans. */
async function requireLoggedModels(tx: Queryable, metrics: readonly MetricLinks[]): Promise<void> {
  const ids = [...new Set(metrics.flatMap((m) => (m.model_id ? [m.model_id] : [])))];
  if (ids.length === 0) return;
  const found = await tx.query<{ model_id: string }>("SELECT model_id FROM logged_models WHERE model_id = ANY($1::text[]) AND lifecycle_stage = 'active'", [ids]);
  const missing = ids.filter((id) => !found.some((row) => row.model_id === id));
  if (missing.length > 0) throw new ServiceError('not-found', `Logged model with ID '${missing[0]}' not found.`);
}

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * The metric a run shows for each key: the largest (step, timestamp, value), as MLflow keeps it.
 * NaN counts as the largest value, as PostgreSQL orders it, so that both sides of the upsert agree.
 */
function latestPerKey(metrics: readonly Metric[]): Metric[] {
  const latest = new Map<string, Metric>();
  for (const metric of metrics) {
    const current = latest.get(metric.key);
    if (!current || compareMetrics(metric, current) > 0) latest.set(metric.key, metric);
  }
  return [...latest.values()].sort(byKey);
}

function compareMetrics(a: Metric, b: Metric): number {
  return a.step - b.step || a.timestamp - b.timestamp || compareDoubles(a.value, b.value);
}

function compareDoubles(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  return a === b ? 0 : a > b ? 1 : -1;
}
