import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { findLoggedModel } from '../logged-models/logged-model-store';
import { operation, required } from '../mlflow/operation';
import { findRun, requireActiveRun } from './run-store';

/** The models a run produced (MLflow 3's `log_model` links each new logged model to its run). */
export const logOutputs = operation({
  access: 'write',
  input: z.object({ run_id: required(), models: z.array(z.object({ model_id: required(), step: z.int().default(0) })).default([]) }),
  async handle({ run_id, models }, { context }) {
    await context.db.transaction(async (tx) => {
      requireActiveRun(await findRun(tx, run_id));
      for (const { model_id, step } of models) {
        await findLoggedModel(tx, model_id);
        await tx.query('INSERT INTO run_model_outputs (run_id, model_id, step) VALUES ($1, $2, $3) ON CONFLICT (run_id, model_id) DO UPDATE SET step = excluded.step', [
          run_id,
          model_id,
          step,
        ]);
      }
    });
    return {};
  },
});

/** MLflow's run tag listing the models logged to a run (MLflow 2's `log_model` records each one there). */
export const LOGGED_MODELS_HISTORY_TAG = 'mlflow.log-model.history';

/** Fields MLflow's server requires in the `model_json` of `runs/log-model`. */
const MODEL_JSON_FIELDS = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'];

/** MLflow 2's `log_model`: appends the model's MLmodel (as JSON) to the run's history tag. */
export const logModel = operation({
  access: 'write',
  input: z.object({ run_id: required(), model_json: required() }),
  async handle({ run_id, model_json }, { context }) {
    const model = parseModelJson(model_json);
    await context.db.transaction(async (tx) => {
      requireActiveRun(await findRun(tx, run_id));
      // FOR UPDATE: two models logged at once to one run must both end up in the history.
      const [previous] = await tx.query<{ value: string }>('SELECT value FROM tags WHERE run_id = $1 AND key = $2 FOR UPDATE', [run_id, LOGGED_MODELS_HISTORY_TAG]);
      const history = [...historyOf(previous?.value), model];
      await tx.query('INSERT INTO tags (run_id, key, value) VALUES ($1, $2, $3) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value', [
        run_id,
        LOGGED_MODELS_HISTORY_TAG,
        JSON.stringify(history),
      ]);
    });
    return {};
  },
});

function parseModelJson(modelJson: string): Record<string, unknown> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw new ServiceError('invalid', `Malformed model info. \n ${modelJson.slice(0, 1000)} \n is not a valid JSON.`);
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) throw new ServiceError('invalid', 'Malformed model info: model_json must be a JSON object.');
  const missing = MODEL_JSON_FIELDS.filter((field) => !(field in model));
  if (missing.length > 0) throw new ServiceError('invalid', `Model json is missing mandatory fields: [${missing.map((field) => `'${field}'`).join(', ')}]`);
  return model as Record<string, unknown>;
}

/** The history so far; a tag a user overwrote with something else starts a new history. */
function historyOf(value: string | undefined): unknown[] {
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}
