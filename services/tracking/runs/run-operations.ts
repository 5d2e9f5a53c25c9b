import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { findExperiment, requireActive } from '../experiments/experiment-store';
import { keyValueInput } from '../mlflow/messages';
import { operation, required } from '../mlflow/operation';
import { validateRunTag } from '../mlflow/validation';
import { batchParamConflict, writeRunData } from './run-data-writer';
import { randomRunName } from './run-names';
import { findRun, requireActiveRun, RUN_NAME_TAG, RUN_STATUSES, type RunRow, runInfoMessage, runMessages } from './run-store';

/** MLflow's system tag for the user who started a run. */
const USER_TAG = 'mlflow.user';

/** Older clients send `run_uuid` where newer ones send `run_id`. */
export const runIdInput = { run_id: z.string().optional(), run_uuid: z.string().optional() };

export function runIdOf(input: { run_id?: string; run_uuid?: string }): string {
  const runId = input.run_id || input.run_uuid;
  if (!runId) throw new ServiceError('invalid', "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.");
  return runId;
}

export const createRun = operation({
  access: 'write',
  input: z.object({
    experiment_id: z.string().optional(),
    user_id: z.string().optional(),
    run_name: z.string().optional(),
    start_time: z.int().optional(),
    tags: z.array(keyValueInput).optional(),
  }),
  async handle(input, { context, principal }) {
    const tags = (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
    for (const tag of tags) validateRunTag(tag.key, tag.value);
    const tagged = (key: string) => tags.find((tag) => tag.key === key)?.value;
    const runName = input.run_name || tagged(RUN_NAME_TAG) || randomRunName();
    // Lineage: without a user from the client, the run belongs to whoever's token created it.
    const userId = input.user_id || tagged(USER_TAG) || principal.name;
    const runId = randomUUID().replace(/-/g, '');
    const row = await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, input.experiment_id || '0');
      requireActive(experiment);
      const [inserted] = await tx.query<RunRow>(
        `INSERT INTO runs (run_id, experiment_id, run_name, user_id, status, start_time, artifact_uri)
         VALUES ($1, $2, $3, $4, 'RUNNING', $5, $6) RETURNING *`,
        [runId, experiment.experiment_id, runName, userId, input.start_time ?? Date.now(), `${experiment.artifact_location}/${runId}/artifacts`],
      );
      const withName = [...tags.filter((tag) => tag.key !== RUN_NAME_TAG), { key: RUN_NAME_TAG, value: runName }];
      await writeRunData(tx, runId, { metrics: [], params: [], tags: withName }, batchParamConflict);
      return inserted!;
    });
    const [run] = await runMessages(context.db, [row]);
    return { run };
  },
});

export const getRun = operation({
  access: 'read',
  input: z.object(runIdInput),
  async handle(input, { context }) {
    const [run] = await runMessages(context.db, [await findRun(context.db, runIdOf(input))]);
    return { run };
  },
});

export const updateRun = operation({
  access: 'write',
  input: z.object({ ...runIdInput, status: z.enum(RUN_STATUSES).optional(), end_time: z.int().optional(), run_name: z.string().optional() }),
  async handle(input, { context }) {
    const runId = runIdOf(input);
    const row = await context.db.transaction(async (tx) => {
      requireActiveRun(await findRun(tx, runId));
      const [updated] = await tx.query<RunRow>(
        'UPDATE runs SET status = coalesce($2, status), end_time = coalesce($3, end_time), run_name = coalesce($4, run_name) WHERE run_id = $1 RETURNING *',
        [runId, input.status ?? null, input.end_time ?? null, input.run_name || null],
      );
      if (input.run_name) await writeRunData(tx, runId, { metrics: [], params: [], tags: [{ key: RUN_NAME_TAG, value: input.run_name }] }, batchParamConflict);
      return updated!;
    });
    return { run_info: runInfoMessage(row) };
  },
});

export const deleteRun = operation({
  access: 'write',
  input: z.object({ run_id: required() }),
  async handle({ run_id }, { context }) {
    await findRun(context.db, run_id);
    await context.db.query("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $2 WHERE run_id = $1", [run_id, Date.now()]);
    return {};
  },
});

export const restoreRun = operation({
  access: 'write',
  input: z.object({ run_id: required() }),
  async handle({ run_id }, { context }) {
    await findRun(context.db, run_id);
    await context.db.query("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_id = $1", [run_id]);
    return {};
  },
});
