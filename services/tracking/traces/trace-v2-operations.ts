import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { findExperiment, parseExperimentId, requireActive } from '../experiments/experiment-store';
import { keyValueInput, searchInput } from '../mlflow/messages';
import { operation, required } from '../mlflow/operation';
import { compact, keyValues } from '../mlflow/proto-json';
import { searchPage } from '../search/search-page';
import { ARTIFACT_LOCATION_TAG, findTrace, TRACE_FIELDS, type TraceRow, traceEntries, upsertTraceEntries } from './trace-store';

/**
 * MLflow 2's trace calls (MLflow 2.14–2.21 clients: a trace is started, then ended), over the same
 * traces as MLflow 3's. Its status names are v3's states but for the unspecified one.
 */
const STATUSES = ['TRACE_STATUS_UNSPECIFIED', 'OK', 'ERROR', 'IN_PROGRESS'] as const;
const stateOf = (status: (typeof STATUSES)[number]) => (status === 'TRACE_STATUS_UNSPECIFIED' ? 'STATE_UNSPECIFIED' : status);
const statusOf = (state: string) => (state === 'STATE_UNSPECIFIED' ? 'TRACE_STATUS_UNSPECIFIED' : state);

const pairs = z.array(keyValueInput).default([]);
const entries = (list: readonly { key: string; value?: string }[]): [string, string][] => list.map((item) => [item.key, item.value ?? '']);

/** MLflow 2's TraceInfo messages for rows, in their order. */
async function traceInfoV2Messages(db: Queryable, rows: readonly TraceRow[]) {
  const { tagsOf, metadataOf } = await traceEntries(db, rows);
  return rows.map((row) =>
    compact({
      request_id: row.trace_id,
      experiment_id: String(row.experiment_id),
      timestamp_ms: row.request_time,
      execution_time_ms: row.execution_duration,
      status: statusOf(row.state),
      request_metadata: keyValues(metadataOf(row)),
      tags: keyValues(tagsOf(row)),
    }),
  );
}

async function traceInfoAnswer(db: Queryable, row: TraceRow) {
  const [trace_info] = await traceInfoV2Messages(db, [row]);
  return { trace_info };
}

/** `POST /api/2.0/mlflow/traces` (StartTrace): a new trace IN_PROGRESS, with an ID of the server's choosing. */
export const startTraceV2 = operation({
  access: 'write',
  input: z.object({ experiment_id: required(), timestamp_ms: z.int().min(0).optional(), request_metadata: pairs, tags: pairs }),
  async handle(input, { context }) {
    const traceId = randomUUID().replace(/-/g, '');
    const row = await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, input.experiment_id);
      requireActive(experiment);
      const [created] = await tx.query<TraceRow>("INSERT INTO traces (trace_id, experiment_id, request_time, state) VALUES ($1, $2, $3, 'IN_PROGRESS') RETURNING *", [
        traceId,
        experiment.experiment_id,
        input.timestamp_ms ?? Date.now(),
      ]);
      await upsertTraceEntries(tx, 'trace_tags', traceId, [[ARTIFACT_LOCATION_TAG, `${experiment.artifact_location}/traces/${traceId}/artifacts`], ...entries(input.tags)]);
      await upsertTraceEntries(tx, 'trace_metadata', traceId, entries(input.request_metadata));
      return created!;
    });
    return traceInfoAnswer(context.db, row);
  },
});

/** `PATCH /api/2.0/mlflow/traces/{request_id}` (EndTrace): its end time, status, more metadata and tags. */
export const endTraceV2 = operation({
  access: 'write',
  input: z.object({ request_id: required(), timestamp_ms: z.int().min(0), status: z.enum(STATUSES), request_metadata: pairs, tags: pairs }),
  async handle(input, { context }) {
    const row = await context.db.transaction(async (tx) => {
      const trace = await findTrace(tx, input.request_id);
      if (input.timestamp_ms < trace.request_time) {
        throw new ServiceError('invalid', `The end time ${input.timestamp_ms} of trace ${input.request_id} is before its start time ${trace.request_time}.`);
      }
      const [ended] = await tx.query<TraceRow>('UPDATE traces SET execution_duration = $2, state = $3 WHERE trace_id = $1 RETURNING *', [
        trace.trace_id,
        input.timestamp_ms - trace.request_time,
        stateOf(input.status),
      ]);
      await upsertTraceEntries(tx, 'trace_tags', trace.trace_id, entries(input.tags));
      await upsertTraceEntries(tx, 'trace_metadata', trace.trace_id, entries(input.request_metadata));
      return ended!;
    });
    return traceInfoAnswer(context.db, row);
  },
});

/** `GET /api/2.0/mlflow/traces/{request_id}/info` (GetTraceInfo). */
export const getTraceInfoV2 = operation({
  access: 'read',
  input: z.object({ request_id: required() }),
  async handle({ request_id }, { context }) {
    return traceInfoAnswer(context.db, await findTrace(context.db, request_id));
  },
});

/** `GET /api/2.0/mlflow/traces` (SearchTraces): the same filters as MLflow 3's search. */
export const searchTracesV2 = operation({
  access: 'read',
  input: z.object({ experiment_ids: z.array(z.string()).default([]), ...searchInput({ default: 100, max: 500 }) }),
  async handle({ experiment_ids, ...request }, { context }) {
    const experimentIds = experiment_ids.map(parseExperimentId).filter((id) => id !== undefined);
    const page = await searchPage<TraceRow>(
      context.db,
      { table: 'traces', alias: 't', fields: TRACE_FIELDS, conditions: ['t.experiment_id = ANY($1::bigint[])'], params: [experimentIds], tiebreak: ['t.request_time DESC', 't.trace_id ASC'] },
      request,
    );
    return { traces: await traceInfoV2Messages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});
