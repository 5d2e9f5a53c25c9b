import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact, encodeDouble, keyValues } from '../mlflow/proto-json';

export interface LoggedModelRow {
  readonly model_id: string;
  readonly experiment_id: number;
  readonly name: string;
  readonly artifact_location: string;
  readonly creation_timestamp_ms: number;
  readonly last_updated_timestamp_ms: number;
  readonly status: string;
  readonly lifecycle_stage: string;
  readonly model_type: string | null;
  readonly source_run_id: string | null;
  readonly status_message: string | null;
}

/** MLflow's LoggedModelStatus values. */
export const LOGGED_MODEL_STATUSES = ['LOGGED_MODEL_STATUS_UNSPECIFIED', 'LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'] as const;

/** `m-` and 32 hex digits, as MLflow names logged models; `models:/m-…` URIs point at them. */
export const LOGGED_MODEL_ID = /^m-[0-9a-f]{32}$/;

/** An active logged model; deleted ones are gone for clients, as in MLflow. */
export async function findLoggedModel(db: Queryable, modelId: string): Promise<LoggedModelRow> {
  const [row] = await db.query<LoggedModelRow>("SELECT * FROM logged_models WHERE model_id = $1 AND lifecycle_stage = 'active'", [modelId]);
  if (!row) throw new ServiceError('not-found', `Logged model with ID '${modelId}' not found.`);
  return row;
}

/** Marks a logged model as changed now. */
export async function touchLoggedModel(tx: Queryable, modelId: string): Promise<void> {
  await tx.query('UPDATE logged_models SET last_updated_timestamp_ms = $2 WHERE model_id = $1', [modelId, Date.now()]);
}

interface ModelMetricRow {
  readonly model_id: string;
  readonly run_id: string;
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
  readonly dataset_name: string | null;
  readonly dataset_digest: string | null;
}

/**
 * MLflow's LoggedModel messages (info with tags and the model versions registered from it, data
 * with params and every metric logged for it) for rows, in their order.
 */
export async function loggedModelMessages(db: Queryable, rows: readonly LoggedModelRow[]) {
  const ids = [rows.map((row) => row.model_id)];
  const [tags, params, metrics, registrations] = await Promise.all([
    db.query<{ model_id: string; key: string; value: string }>('SELECT * FROM logged_model_tags WHERE model_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<{ model_id: string; key: string; value: string }>('SELECT * FROM logged_model_params WHERE model_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<ModelMetricRow>(
      'SELECT model_id, run_id, key, value, timestamp, step, dataset_name, dataset_digest FROM metrics WHERE model_id = ANY($1::text[]) ORDER BY key, timestamp, step',
      ids,
    ),
    db.query<{ model_id: string; name: string; version: number }>('SELECT model_id, name, version FROM model_versions WHERE model_id = ANY($1::text[]) ORDER BY name, version', ids),
  ]);
  return rows.map((row) => ({
    info: compact({
      model_id: row.model_id,
      experiment_id: String(row.experiment_id),
      name: row.name,
      creation_timestamp_ms: row.creation_timestamp_ms,
      last_updated_timestamp_ms: row.last_updated_timestamp_ms,
      artifact_uri: row.artifact_location,
      status: row.status,
      model_type: row.model_type,
      source_run_id: row.source_run_id,
      status_message: row.status_message,
      tags: keyValues(tags.filter((tag) => tag.model_id === row.model_id)),
      registrations: registrations.filter((version) => version.model_id === row.model_id).map((version) => ({ name: version.name, version: String(version.version) })),
    }),
    data: compact({
      params: keyValues(params.filter((param) => param.model_id === row.model_id)),
      metrics: metrics
        .filter((metric) => metric.model_id === row.model_id)
        .map((metric) => compact({ ...metric, value: encodeDouble(metric.value) })),
    }),
  }));
}
