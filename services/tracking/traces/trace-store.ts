import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact } from '../mlflow/proto-json';
import type { SearchableFields } from '../search/sql-filter';

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

type Entry = { trace_id: string; key: string; value: string };

/** The tags, metadata and assessments of traces, each a function from a trace to its entries. */
export async function traceEntries(db: Queryable, rows: readonly TraceRow[]) {
  const ids = [rows.map((row) => row.trace_id)];
  const [tags, metadata, assessments] = await Promise.all([
    db.query<Entry>('SELECT * FROM trace_tags WHERE trace_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<Entry>('SELECT * FROM trace_metadata WHERE trace_id = ANY($1::text[]) ORDER BY key', ids),
    db.query<{ trace_id: string; assessment: object }>('SELECT trace_id, assessment FROM trace_assessments WHERE trace_id = ANY($1::text[]) ORDER BY create_time, assessment_id', ids),
  ]);
  const of = <T extends { trace_id: string }>(list: T[]) => (row: TraceRow) => list.filter((entry) => entry.trace_id === row.trace_id);
  return { tagsOf: of(tags), metadataOf: of(metadata), assessmentsOf: (row: TraceRow) => of(assessments)(row).map((entry) => entry.assessment) };
}

/** MLflow's TraceInfoV3 messages for rows, in their order. */
export async function traceInfoMessages(db: Queryable, rows: readonly TraceRow[]) {
  const { tagsOf, metadataOf, assessmentsOf } = await traceEntries(db, rows);
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
      trace_metadata: mapOf(metadataOf(row)),
      tags: mapOf(tagsOf(row)),
      assessments: assessmentsOf(row),
    }),
  );
}

/**
 * What trace searches (both API versions) filter and order on. Integer columns are compared as
 * doubles: filter values may have fractions, and NaN checks need a float.
 */
export const TRACE_FIELDS: SearchableFields = {
  attributes: {
    trace_id: { sql: 't.trace_id', type: 'string' },
    request_id: { sql: 't.trace_id', type: 'string' },
    client_request_id: { sql: 't.client_request_id', type: 'string' },
    state: { sql: 't.state', type: 'string' },
    status: { sql: 't.state', type: 'string' },
    timestamp_ms: { sql: 't.request_time', type: 'number' },
    timestamp: { sql: 't.request_time', type: 'number' },
    execution_time_ms: { sql: 't.execution_duration', type: 'number' },
    execution_time: { sql: 't.execution_duration', type: 'number' },
    // MLflow's shorthands for a tag and a metadata entry every trace logged by its client has.
    name: { sql: "(SELECT value FROM trace_tags WHERE trace_id = t.trace_id AND key = 'mlflow.traceName')", type: 'string' },
    run_id: { sql: "(SELECT value FROM trace_metadata WHERE trace_id = t.trace_id AND key = 'mlflow.sourceRun')", type: 'string' },
  },
  keyed: {
    tag: { type: 'string', table: 'trace_tags', match: 'x.trace_id = t.trace_id' },
    metadata: { type: 'string', table: 'trace_metadata', match: 'x.trace_id = t.trace_id' },
  },
};

/** Sets tags or metadata of a trace, keeping the others. */
export async function upsertTraceEntries(tx: Queryable, table: 'trace_tags' | 'trace_metadata', traceId: string, entries: readonly [string, string][]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (trace_id, key, value) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT (trace_id, key) DO UPDATE SET value = excluded.value`,
    [traceId, entries.map(([key]) => key), entries.map(([, value]) => value)],
  );
}
