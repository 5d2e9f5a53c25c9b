import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { findExperiment, parseExperimentId, requireActive } from '../experiments/experiment-store';
import { operation, required } from '../mlflow/operation';
import { validateParam, validateRunTag } from '../mlflow/validation';
import { randomRunName } from '../runs/run-names';
import { findRun } from '../runs/run-store';
import { searchPage } from '../search/search-page';
import type { SearchableFields } from '../search/sql-filter';
import { findLoggedModel, LOGGED_MODEL_STATUSES, type LoggedModelRow, loggedModelMessages, touchLoggedModel } from './logged-model-store';

const keyValue = z.object({ key: required(), value: z.string().default('') });
type KeyValue = z.infer<typeof keyValue>;

function validateTags(tags: readonly KeyValue[]): void {
  for (const tag of tags) validateRunTag(tag.key, tag.value);
}

function validateParams(params: readonly KeyValue[]): void {
  for (const param of params) validateParam(param.key, param.value);
}

async function writeTags(tx: Queryable, modelId: string, tags: readonly KeyValue[]): Promise<void> {
  for (const tag of tags) {
    await tx.query('INSERT INTO logged_model_tags VALUES ($1, $2, $3) ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value', [modelId, tag.key, tag.value]);
  }
}

/** Params are immutable, as a run's are: the same value again is fine, another value is refused. */
async function writeParams(tx: Queryable, modelId: string, params: readonly KeyValue[]): Promise<void> {
  for (const param of params) {
    const [existing] = await tx.query<{ value: string }>('SELECT value FROM logged_model_params WHERE model_id = $1 AND key = $2', [modelId, param.key]);
    if (existing && existing.value !== param.value) {
      throw new ServiceError(
        'invalid',
        `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing.value}' for logged model ID='${modelId}'. Attempted logging new value '${param.value}'.`,
      );
    }
    if (!existing) await tx.query('INSERT INTO logged_model_params VALUES ($1, $2, $3)', [modelId, param.key, param.value]);
  }
}

async function modelAnswer(db: Queryable, row: LoggedModelRow) {
  const [model] = await loggedModelMessages(db, [row]);
  return { model };
}

/**
 * MLflow 3's `log_model` starts here: a PENDING model whose files the client then uploads to
 * `artifact_uri` through the artifact proxy, and finalizes.
 */
export const createLoggedModel = operation({
  access: 'write',
  input: z.object({
    experiment_id: required(),
    name: z.string().optional(),
    model_type: z.string().optional(),
    source_run_id: z.string().optional(),
    params: z.array(keyValue).default([]),
    tags: z.array(keyValue).default([]),
  }),
  async handle(input, { context }) {
    validateTags(input.tags);
    validateParams(input.params);
    const modelId = `m-${randomUUID().replace(/-/g, '')}`;
    const row = await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, input.experiment_id);
      requireActive(experiment);
      if (input.source_run_id) await findRun(tx, input.source_run_id);
      const now = Date.now();
      const [created] = await tx.query<LoggedModelRow>(
        `INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, model_type, source_run_id)
         VALUES ($1, $2, $3, $4, $5, $5, 'LOGGED_MODEL_PENDING', $6, $7) RETURNING *`,
        [
          modelId,
          experiment.experiment_id,
          input.name || randomRunName(),
          `${experiment.artifact_location}/models/${modelId}/artifacts`,
          now,
          input.model_type || null,
          input.source_run_id || null,
        ],
      );
      await writeTags(tx, modelId, input.tags);
      await writeParams(tx, modelId, input.params);
      return created!;
    });
    return modelAnswer(context.db, row);
  },
});

const modelIdInput = { model_id: required() };

export const getLoggedModel = operation({
  access: 'read',
  input: z.object(modelIdInput),
  async handle({ model_id }, { context }) {
    return modelAnswer(context.db, await findLoggedModel(context.db, model_id));
  },
});

/** The client's last step of `log_model`: READY once the files are uploaded, or UPLOAD_FAILED. */
export const finalizeLoggedModel = operation({
  access: 'write',
  input: z.object({ ...modelIdInput, status: z.enum(LOGGED_MODEL_STATUSES) }),
  async handle({ model_id, status }, { context }) {
    const row = await context.db.transaction(async (tx) => {
      await findLoggedModel(tx, model_id);
      const [updated] = await tx.query<LoggedModelRow>('UPDATE logged_models SET status = $2, last_updated_timestamp_ms = $3 WHERE model_id = $1 RETURNING *', [
        model_id,
        status,
        Date.now(),
      ]);
      return updated!;
    });
    return modelAnswer(context.db, row);
  },
});

export const deleteLoggedModel = operation({
  access: 'write',
  input: z.object(modelIdInput),
  async handle({ model_id }, { context }) {
    await context.db.transaction(async (tx) => {
      await findLoggedModel(tx, model_id);
      await tx.query("UPDATE logged_models SET lifecycle_stage = 'deleted', last_updated_timestamp_ms = $2 WHERE model_id = $1", [model_id, Date.now()]);
    });
    return {};
  },
});

export const setLoggedModelTags = operation({
  access: 'write',
  input: z.object({ ...modelIdInput, tags: z.array(keyValue).default([]) }),
  async handle({ model_id, tags }, { context }) {
    validateTags(tags);
    const row = await context.db.transaction(async (tx) => {
      await findLoggedModel(tx, model_id);
      await writeTags(tx, model_id, tags);
      await touchLoggedModel(tx, model_id);
      return findLoggedModel(tx, model_id);
    });
    return modelAnswer(context.db, row);
  },
});

export const deleteLoggedModelTag = operation({
  access: 'write',
  input: z.object({ ...modelIdInput, tag_key: required() }),
  async handle({ model_id, tag_key }, { context }) {
    await context.db.transaction(async (tx) => {
      await findLoggedModel(tx, model_id);
      const deleted = await tx.query('DELETE FROM logged_model_tags WHERE model_id = $1 AND key = $2 RETURNING key', [model_id, tag_key]);
      if (deleted.length === 0) throw new ServiceError('not-found', `No tag with key '${tag_key}' found for logged model with ID '${model_id}'.`);
      await touchLoggedModel(tx, model_id);
    });
    return {};
  },
});

export const logLoggedModelParams = operation({
  access: 'write',
  input: z.object({ ...modelIdInput, params: z.array(keyValue).default([]) }),
  async handle({ model_id, params }, { context }) {
    validateParams(params);
    await context.db.transaction(async (tx) => {
      await findLoggedModel(tx, model_id);
      await writeParams(tx, model_id, params);
      await touchLoggedModel(tx, model_id);
    });
    return {};
  },
});

const LOGGED_MODEL_FIELDS: SearchableFields = {
  attributes: {
    name: { sql: 'l.name', type: 'string' },
    model_id: { sql: 'l.model_id', type: 'string' },
    model_type: { sql: 'l.model_type', type: 'string' },
    status: { sql: 'l.status', type: 'string' },
    source_run_id: { sql: 'l.source_run_id', type: 'string' },
    creation_timestamp: { sql: 'l.creation_timestamp_ms', type: 'number' },
    creation_time: { sql: 'l.creation_timestamp_ms', type: 'number' },
    last_updated_timestamp: { sql: 'l.last_updated_timestamp_ms', type: 'number' },
  },
  keyed: {
    tag: { type: 'string', table: 'logged_model_tags', match: 'x.model_id = l.model_id' },
    parameter: { type: 'string', table: 'logged_model_params', match: 'x.model_id = l.model_id' },
    metric: { type: 'number', table: 'logged_model_latest_metrics', match: 'x.model_id = l.model_id' },
  },
};

/** Newest first by default; `metrics.<key>` filters and sorts on each model's latest value. */
export const searchLoggedModels = operation({
  access: 'read',
  input: z.object({
    experiment_ids: z.array(z.string()).default([]),
    filter: z.string().optional(),
    datasets: z.array(z.object({ dataset_name: required(), dataset_digest: z.string().optional() })).default([]),
    order_by: z.array(z.object({ field_name: required(), ascending: z.boolean().default(true), dataset_name: z.string().optional() })).default([]),
    max_results: z.int().min(1).max(1000).default(50),
    page_token: z.string().optional(),
  }),
  async handle({ experiment_ids, datasets, order_by, ...request }, { context }) {
    if (datasets.length > 0 || order_by.some((order) => order.dataset_name)) {
      throw new ServiceError('invalid', 'Searching logged models by the dataset of their metrics is not supported by this server; leave out datasets and dataset_name.');
    }
    const experimentIds = experiment_ids.map(parseExperimentId).filter((id) => id !== undefined);
    const page = await searchPage<LoggedModelRow>(
      context.db,
      {
        table: 'logged_models',
        alias: 'l',
        fields: LOGGED_MODEL_FIELDS,
        conditions: ['l.experiment_id = ANY($1::bigint[])', "l.lifecycle_stage = 'active'"],
        params: [experimentIds],
        tiebreak: ['l.creation_timestamp_ms DESC', 'l.model_id ASC'],
      },
      { ...request, order_by: order_by.map((order) => `${order.field_name} ${order.ascending ? 'ASC' : 'DESC'}`) },
    );
    return { models: await loggedModelMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});
