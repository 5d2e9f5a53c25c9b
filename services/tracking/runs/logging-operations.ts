import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { operation, required } from '../mlflow/operation';
import {
  LIMITS,
  validateBatchLimits,
  validateLength,
  validateMetric,
  validateParam,
  validateRunTag,
  validateUniqueKeys,
} from '../mlflow/validation';
import type { TrackingContext } from '../tracking-context';
import { batchParamConflict, type ParamConflictMessage, type RunData, singleParamConflict, writeRunData } from './run-data-writer';
import { runIdInput, runIdOf } from './run-operations';
import { findLoggedModel } from '../logged-models/logged-model-store';
import { findRun, requireActiveRun } from './run-store';

const metricInput = {
  key: required(),
  value: z.union([z.number(), z.string(), z.null()]),
  timestamp: z.int(),
  step: z.int().optional(),
  // MLflow 3: the logged model and dataset a metric belongs to.
  model_id: z.string().optional(),
  dataset_name: z.string().optional(),
  dataset_digest: z.string().optional(),
};

/** A checked metric with its MLflow 3 links. */
function metricOf(raw: z.infer<z.ZodObject<typeof metricInput>>, path?: string) {
  return { ...validateMetric(raw, path), model_id: raw.model_id, dataset_name: raw.dataset_name, dataset_digest: raw.dataset_digest };
}

/** All of `data` or none of it: one transaction, on an active run. */
async function logRunData(
  context: TrackingContext,
  runId: string,
  data: RunData,
  paramConflict: ParamConflictMessage,
  beforeCommit?: () => Promise<void>,
): Promise<void> {
  await context.db.transaction(async (tx) => {
    requireActiveRun(await findRun(tx, runId));
    await writeRunData(tx, runId, data, paramConflict);
    await beforeCommit?.();
  });
}

export const logMetric = operation({
  access: 'write',
  input: z.object({ ...runIdInput, ...metricInput }),
  async handle(input, { context }) {
    const metric = metricOf(input);
    await logRunData(context, runIdOf(input), { metrics: [metric], params: [], tags: [] }, batchParamConflict);
    return {};
  },
});

export const logParameter = operation({
  access: 'write',
  input: z.object({ ...runIdInput, key: required(), value: z.string().default('') }),
  async handle(input, { context }) {
    validateParam(input.key, input.value);
    await logRunData(context, runIdOf(input), { metrics: [], params: [{ key: input.key, value: input.value }], tags: [] }, singleParamConflict);
    return {};
  },
});

export const setTag = operation({
  access: 'write',
  input: z.object({ ...runIdInput, key: required(), value: z.string().default('') }),
  async handle(input, { context }) {
    validateRunTag(input.key, input.value);
    await logRunData(context, runIdOf(input), { metrics: [], params: [], tags: [{ key: input.key, value: input.value }] }, batchParamConflict);
    return {};
  },
});

export const deleteTag = operation({
  access: 'write',
  input: z.object({ run_id: required(), key: required() }),
  async handle({ run_id, key }, { context }) {
    await context.db.transaction(async (tx) => {
      requireActiveRun(await findRun(tx, run_id));
      const deleted = await tx.query('DELETE FROM tags WHERE run_id = $1 AND key = $2 RETURNING key', [run_id, key]);
      if (deleted.length === 0) throw new ServiceError('not-found', `No tag with name: ${key} in run with id ${run_id}`);
    });
    return {};
  },
});

const keyValue = z.object({ key: required(), value: z.string().default('') });

/**
 * Metrics, params and tags in one request: every limit and every item is checked before anything
 * is written, then all of it is written in one transaction.
 */
export const logBatch = operation({
  access: 'write',
  input: z.object({
    run_id: required(),
    metrics: z.array(z.object(metricInput)).default([]),
    params: z.array(keyValue).default([]),
    tags: z.array(keyValue).default([]),
  }),
  async handle({ run_id, metrics, params, tags }, { context, log }) {
    validateBatchLimits(metrics.length, params.length, tags.length);
    const validMetrics = metrics.map((metric, index) => metricOf(metric, `metrics[${index}].`));
    for (const param of params) validateParam(param.key, param.value);
    for (const tag of tags) validateRunTag(tag.key, tag.value);
    validateUniqueKeys(
      'parameter',
      params.map((param) => param.key),
    );
    validateUniqueKeys(
      'tag',
      tags.map((tag) => tag.key),
    );
    const pauseMs = context.pauseInLogBatchMs ?? 0;
    const testPause = async () => {
      log.warn({ pauseMs }, 'test hook: log-batch written, pausing before COMMIT');
      await sleep(pauseMs);
    };
    await logRunData(context, run_id, { metrics: validMetrics, params, tags }, batchParamConflict, pauseMs > 0 ? testPause : undefined);
    return {};
  },
});

const datasetInput = z.object({
  dataset: z.object({
    name: required(),
    digest: required(),
    source_type: required(),
    source: required(),
    schema: z.string().optional(),
    profile: z.string().optional(),
  }),
  tags: z.array(keyValue).default([]),
});

/**
 * Datasets and logged models a run used (lineage). Datasets are recorded once per experiment by
 * (name, digest); models (MLflow 3) must exist. All linked to the run in one transaction.
 */
export const logInputs = operation({
  access: 'write',
  input: z.object({ run_id: required(), datasets: z.array(datasetInput).default([]), models: z.array(z.object({ model_id: required() })).default([]) }),
  async handle({ run_id, datasets, models }, { context }) {
    for (const { dataset, tags } of datasets) {
      validateLength('Dataset name', LIMITS.datasetNameLength, dataset.name);
      validateLength('Dataset digest', LIMITS.datasetDigestLength, dataset.digest);
      validateLength('Dataset source', LIMITS.datasetSourceLength, dataset.source);
      validateLength('Dataset schema', LIMITS.datasetSchemaLength, dataset.schema);
      validateLength('Dataset profile', LIMITS.datasetProfileLength, dataset.profile);
      for (const tag of tags) {
        validateLength('InputTag key', LIMITS.inputTagKeyLength, tag.key);
        validateLength('InputTag value', LIMITS.inputTagValueLength, tag.value);
      }
    }
    await context.db.transaction(async (tx) => {
      const run = await findRun(tx, run_id);
      requireActiveRun(run);
      for (const { dataset, tags } of datasets) {
        const [{ dataset_id }] = await tx.query<{ dataset_id: number }>(
          `INSERT INTO datasets (experiment_id, name, digest, source_type, source, schema, profile) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (experiment_id, name, digest) DO UPDATE SET source = datasets.source RETURNING dataset_id`,
          [run.experiment_id, dataset.name, dataset.digest, dataset.source_type, dataset.source, dataset.schema ?? null, dataset.profile ?? null],
        );
        await tx.query('INSERT INTO run_inputs (run_id, dataset_id, tags) VALUES ($1, $2, $3) ON CONFLICT (run_id, dataset_id) DO UPDATE SET tags = excluded.tags', [
          run_id,
          dataset_id,
          JSON.stringify(tags),
        ]);
      }
      for (const { model_id } of models) {
        await findLoggedModel(tx, model_id);
        await tx.query('INSERT INTO run_model_inputs (run_id, model_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [run_id, model_id]);
      }
    });
    return {};
  },
});
