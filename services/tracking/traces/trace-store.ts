import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact } from '../mlflow/proto-json';

export interface TraceRow {
  readonly trace_id: string;
  readonly experiment_id: number;
  readonly client_request_id: string | null;
  readonly request_time: number;
  readonly execution_duration: number | null;
  readonly state: string;
  readonly request_preview: string | null;
  readonly response_preview: string | null;
}

/** MLflow's TraceInfoV3.State values. */
export const TRACE_STATES = ['STATE_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;

/** The trace tag naming where the client uploads and downloads the trace's spans (`traces.json`). */
export const ARTIFACT_LOCATION_TAG = 'mlflow.artifactLocation';

export async function findTrace(db: Queryable, traceId: string): Promise<TraceRow> {
  const [row] = await db.query<TraceRow>('SELECT * FROM traces WHERE trace_id = $1', [traceId]);
  if (!row) throw new ServiceError('not-found', `Trace with ID ${traceId} not found.`);
  return row;
}

/**
 * A protobuf Timestamp in JSON (RFC 3339, `2025-01-31T12:00:00.123456Z`) as milliseconds since the
 * epoch; `field` names it in the error.
 */
export function parseTimestamp(text: string, field: string): number {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const millis = match ? Date.parse(`${match[1]}.${(match[2] ?? '').padEnd(3, '0').slice(0, 3)}${match[3]}`) : NaN;
  if (!Number.isFinite(millis)) throw new ServiceError('invalid', `Invalid value '${text}' for '${field}': expected an RFC 3339 timestamp such as 2025-01-31T12:00:00.123Z`);
  return millis;
}

/** A protobuf Duration in JSON (`1.5s`) as milliseconds. */
export function parseDuration(text: string, field: string): number {
  const match = /^(\d{1,12})(?:\.(\d{1,9}))?s$/.exec(text);
  if (!match) throw new ServiceError('invalid', `Invalid value '${text}' for '${field}': expected a duration in seconds such as 1.5s`);
  return Number(match[1]) * 1000 + Math.round(Number(`0.${match[2] ?? '0'}`) * 1000);
}

function mapOf(rows: readonly { key: string; value: string }[]): Record<string, string> | undefined {
  return rows.length > 0 ? Object.fromEntries(rows.map((row) => [row.key, row.value])) : undefined;
}

/** MLflow's TraceInfoV3 messages for rows, in their order. */
export async function traceInfoMessages(db: Queryable, rows: readonly TraceRow[]) {
  const ids = [rows.map((row) => row.trace_id)];
  const [tags, metadata] = await Promise.all([
    db.query<{ trace_id: string; key: string; value: string }>('SELECT * FROM trace_tags WHERE trace_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<{ trace_id: string; key: string; value: string }>('SELECT * FROM trace_metadata WHERE trace_id = ANY($1::text[]) ORDER BY key', ids),
  ]);
  return rows.map((row) =>
    compact({
      trace_id: row.trace_id,
      client_request_id: row.client_request_id,
      trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: String(row.experiment_id) } },
      request_preview: row.request_preview,
      response_preview: row.response_preview,
      request_time: new Date(row.request_time).toISOString(),
      execution_duration: row.execution_duration === null ? null : `${(row.execution_duration / 1000).toFixed(3)}s`,
      state: row.state,
      trace_metadata: mapOf(metadata.filter((item) => item.trace_id === row.trace_id)),
      tags: mapOf(tags.filter((tag) => tag.trace_id === row.trace_id)),
    }),
  );
}
