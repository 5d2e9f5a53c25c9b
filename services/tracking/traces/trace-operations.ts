import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkArtifactPath } from '../../kit/artifacts/artifact-path';
import { ServiceError } from '../../kit/server/errors';
import { findExperiment, parseExperimentId, requireActive } from '../experiments/experiment-store';
import { operation, required } from '../mlflow/operation';
import { findModelVersion } from '../registry/registry-store';
import { searchPage } from '../search/search-page';
import { ARTIFACT_LOCATION_TAG, findTrace, parseDuration, parseTimestamp, TRACE_FIELDS, TRACE_STATES, type TraceRow, traceInfoMessages, upsertTraceEntries } from './trace-store';

const stringMap = z.record(z.string(), z.string());
const experimentLocation = z.object({ type: z.string().optional(), mlflow_experiment: z.object({ experiment_id: required() }).optional() });

/**
 * MLflow 3's trace logging (`StartTraceV3`, called when a trace ends): the trace's metadata, tags
 * and previews. The spans are not in the request: the client uploads them as `traces.json` to the
 * `mlflow.artifactLocation` tag's location, through the artifact proxy. Logging the same trace
 * again (incremental logging) updates it and merges its tags and metadata.
 */
export const startTraceV3 = operation({
  access: 'write',
  input: z.object({
    trace: z.object({
      trace_info: z.object({
        trace_id: z.string().optional(),
        client_request_id: z.string().optional(),
        trace_location: experimentLocation,
        request_preview: z.string().optional(),
        response_preview: z.string().optional(),
        request_time: z.string().optional(),
        execution_duration: z.string().optional(),
        state: z.enum(TRACE_STATES).default('STATE_UNSPECIFIED'),
        trace_metadata: stringMap.default({}),
        tags: stringMap.default({}),
      }),
    }),
  }),
  async handle({ trace: { trace_info: info } }, { context }) {
    const experimentId = info.trace_location.mlflow_experiment?.experiment_id;
    if (!experimentId) throw new ServiceError('invalid', "Missing value for required parameter 'trace.trace_info.trace_location.mlflow_experiment.experiment_id'.");
    const traceId = info.trace_id || `tr-${randomUUID().replace(/-/g, '')}`;
    if (traceId.includes('/') || checkArtifactPath(traceId) !== traceId) throw new ServiceError('invalid', `Invalid trace ID '${traceId}': it names a folder of the artifact store.`);
    const requestTime = info.request_time === undefined ? Date.now() : parseTimestamp(info.request_time, 'trace_info.request_time');
    const duration = info.execution_duration === undefined ? null : parseDuration(info.execution_duration, 'trace_info.execution_duration');
    const tags = Object.entries(info.tags);
    for (const [key] of tags) if (key === '') throw new ServiceError('invalid', 'A trace tag key must not be empty.');
    const row = await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experimentId);
      requireActive(experiment);
      const [saved] = await tx.query<TraceRow>(
        `INSERT INTO traces (trace_id, experiment_id, client_request_id, request_time, execution_duration, state, request_preview, response_preview)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (trace_id) DO UPDATE SET client_request_id = excluded.client_request_id, request_time = excluded.request_time,
           execution_duration = excluded.execution_duration, state = excluded.state, request_preview = excluded.request_preview, response_preview = excluded.response_preview
         WHERE traces.experiment_id = excluded.experiment_id
         RETURNING *`,
        [traceId, experiment.experiment_id, info.client_request_id || null, requestTime, duration, info.state, info.request_preview ?? null, info.response_preview ?? null],
      );
      if (!saved) throw new ServiceError('conflict', `Trace with ID ${traceId} already exists in another experiment.`);
      const artifactLocation: [string, string] = [ARTIFACT_LOCATION_TAG, `${experiment.artifact_location}/traces/${traceId}/artifacts`];
      await upsertTraceEntries(tx, 'trace_tags', traceId, [artifactLocation, ...tags]);
      await upsertTraceEntries(tx, 'trace_metadata', traceId, Object.entries(info.trace_metadata));
      return saved;
    });
    const [trace_info] = await traceInfoMessages(context.db, [row]);
    return { trace: { trace_info } };
  },
});

/** `GET traces/{trace_id}` (GetTraceInfoV3): the trace's info; its spans are in `traces.json`. */
export const getTraceInfoV3 = operation({
  access: 'read',
  input: z.object({ trace_id: required() }),
  async handle({ trace_id }, { context }) {
    const [trace_info] = await traceInfoMessages(context.db, [await findTrace(context.db, trace_id)]);
    return { trace: { trace_info } };
  },
});

/** `POST traces/search` (SearchTracesV3): newest first unless ordered otherwise. */
export const searchTracesV3 = operation({
  access: 'read',
  input: z.object({
    locations: z.array(experimentLocation).default([]),
    filter: z.string().optional(),
    max_results: z.int().min(1).max(500).default(100),
    order_by: z.array(z.string()).optional(),
    page_token: z.string().optional(),
  }),
  async handle({ locations, ...request }, { context }) {
    const experimentIds = locations.map((location) => parseExperimentId(location.mlflow_experiment?.experiment_id ?? '')).filter((id) => id !== undefined);
    const page = await searchPage<TraceRow>(
      context.db,
      { table: 'traces', alias: 't', fields: TRACE_FIELDS, conditions: ['t.experiment_id = ANY($1::bigint[])'], params: [experimentIds], tiebreak: ['t.request_time DESC', 't.trace_id ASC'] },
      request,
    );
    return { traces: await traceInfoMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});

/** `PATCH traces/{trace_id}/tags`: MLflow 3's client calls it under /api/2.0 with `{key, value}`. */
export const setTraceTag = operation({
  access: 'write',
  input: z.object({ trace_id: required(), key: required(), value: z.string().default('') }),
  async handle({ trace_id, key, value }, { context }) {
    await context.db.transaction(async (tx) => {
      await findTrace(tx, trace_id);
      await upsertTraceEntries(tx, 'trace_tags', trace_id, [[key, value]]);
    });
    return {};
  },
});

export const deleteTraceTag = operation({
  access: 'write',
  input: z.object({ trace_id: required(), key: required() }),
  async handle({ trace_id, key }, { context }) {
    await context.db.transaction(async (tx) => {
      await findTrace(tx, trace_id);
      const deleted = await tx.query('DELETE FROM trace_tags WHERE trace_id = $1 AND key = $2 RETURNING key', [trace_id, key]);
      if (deleted.length === 0) throw new ServiceError('not-found', `No trace tag with key '${key}' for trace with ID '${trace_id}'`);
    });
    return {};
  },
});

/**
 * `POST traces/delete-traces`: by IDs, or the oldest (up to `max_traces`) before a time. The
 * spans files stay in the artifact store, as with MLflow's own server.
 */
export const deleteTraces = operation({
  access: 'write',
  input: z.object({
    experiment_id: required(),
    max_timestamp_millis: z.int().optional(),
    max_traces: z.int().min(1).optional(),
    request_ids: z.array(z.string()).optional(),
  }),
  async handle({ experiment_id, max_timestamp_millis, max_traces, request_ids }, { context }) {
    if (max_timestamp_millis === undefined && request_ids === undefined) throw new ServiceError('invalid', 'Either `max_timestamp_millis` or `request_ids` must be specified.');
    if (max_timestamp_millis !== undefined && request_ids !== undefined) throw new ServiceError('invalid', 'Only one of `max_timestamp_millis` and `request_ids` can be specified.');
    const experiment = await findExperiment(context.db, experiment_id);
    const deleted =
      request_ids !== undefined
        ? await context.db.query('DELETE FROM traces WHERE experiment_id = $1 AND trace_id = ANY($2::text[]) RETURNING trace_id', [experiment.experiment_id, request_ids])
        : await context.db.query(
            `DELETE FROM traces WHERE trace_id IN (
               SELECT trace_id FROM traces WHERE experiment_id = $1 AND request_time <= $2 ORDER BY request_time, trace_id LIMIT $3)
             RETURNING trace_id`,
            [experiment.experiment_id, max_timestamp_millis, max_traces ?? null],
          );
    return { traces_deleted: deleted.length };
  },
});

/**
 * Calls this server does not answer (yet) but must refuse with ENDPOINT_NOT_FOUND rather than
 * mistake for a trace ID: on that error MLflow 3's client falls back to reading `traces.json`.
 */
export const notServed = operation({
  access: 'read',
  input: z.object({}),
  async handle() {
    throw new ServiceError('no-route', 'This endpoint is not served by this server; MLflow clients fall back to older calls.');
  },
});

/** The trace tag listing the prompt versions a trace used, as MLflow keeps it. */
const LINKED_PROMPTS_TAG = 'mlflow.linkedPrompts';

/** `POST traces/link-prompts`: records which prompt versions (registry versions) a trace used. */
export const linkPromptsToTrace = operation({
  access: 'write',
  input: z.object({ trace_id: required(), prompt_versions: z.array(z.object({ name: required(), version: required() })).default([]) }),
  async handle({ trace_id, prompt_versions }, { context }) {
    await context.db.transaction(async (tx) => {
      await findTrace(tx, trace_id);
      for (const { name, version } of prompt_versions) await findModelVersion(tx, name, version);
      // FOR UPDATE: links made at once by two requests must both be kept.
      const [existing] = await tx.query<{ value: string }>('SELECT value FROM trace_tags WHERE trace_id = $1 AND key = $2 FOR UPDATE', [trace_id, LINKED_PROMPTS_TAG]);
      const linked = [...linkedPromptsOf(existing?.value), ...prompt_versions.map(({ name, version }) => ({ name, version: String(Number(version)) }))];
      const unique = linked.filter((link, index) => linked.findIndex((other) => other.name === link.name && other.version === link.version) === index);
      await upsertTraceEntries(tx, 'trace_tags', trace_id, [[LINKED_PROMPTS_TAG, JSON.stringify(unique)]]);
    });
    return {};
  },
});

function linkedPromptsOf(value: string | undefined): { name: string; version: string }[] {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((link): link is { name: string; version: string } => typeof link?.name === 'string' && typeof link?.version === 'string') : [];
  } catch {
    return [];
  }
}
