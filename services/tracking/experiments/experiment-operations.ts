import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { isUniqueViolation } from '../../kit/database/database';
import { keyValueInput, searchInput, stagesOf, VIEW_TYPES } from '../mlflow/messages';
import { operation, required } from '../mlflow/operation';
import { validateExperimentName, validateExperimentTag } from '../mlflow/validation';
import { searchPage } from '../search/search-page';
import type { SearchableFields } from '../search/sql-filter';
import { type ExperimentRow, experimentMessages, findExperiment, insertExperiment, notFound, requireActive } from './experiment-store';

export const createExperiment = operation({
  access: 'write',
  input: z.object({ name: required(), artifact_location: z.string().optional(), tags: z.array(keyValueInput).optional() }),
  async handle({ name, artifact_location, tags = [] }, { context }) {
    validateExperimentName(name);
    if (artifact_location?.startsWith('runs:')) throw new ServiceError('invalid', `Artifact location cannot be a runs:/ URI. Given: '${artifact_location}'`);
    const pairs = tags.map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
    for (const tag of pairs) validateExperimentTag(tag.key, tag.value);
    const experimentId = await context.db.transaction((tx) => insertExperiment(tx, { name, artifactLocation: artifact_location, tags: pairs }, Date.now()));
    return { experiment_id: experimentId };
  },
});

export const getExperiment = operation({
  access: 'read',
  input: z.object({ experiment_id: required() }),
  async handle({ experiment_id }, { context }) {
    const [experiment] = await experimentMessages(context.db, [await findExperiment(context.db, experiment_id)]);
    return { experiment };
  },
});

export const getExperimentByName = operation({
  access: 'read',
  input: z.object({ experiment_name: required() }),
  async handle({ experiment_name }, { context }) {
    const rows = await context.db.query<ExperimentRow>('SELECT * FROM experiments WHERE name = $1', [experiment_name]);
    if (rows.length === 0) throw new ServiceError('not-found', `Could not find experiment with name '${experiment_name}'`);
    const [experiment] = await experimentMessages(context.db, rows);
    return { experiment };
  },
});

const EXPERIMENT_FIELDS: SearchableFields = {
  attributes: {
    name: { sql: 'e.name', type: 'string' },
    experiment_id: { sql: 'e.experiment_id', type: 'number' },
    creation_time: { sql: 'e.creation_time', type: 'number' },
    last_update_time: { sql: 'e.last_update_time', type: 'number' },
  },
  keyed: { tag: { type: 'string', table: 'experiment_tags', match: 'x.experiment_id = e.experiment_id' } },
};

export const searchExperiments = operation({
  access: 'read',
  input: z.object({ ...searchInput({ default: 1000, max: 50000 }), view_type: z.enum(VIEW_TYPES).optional() }),
  async handle({ view_type, ...request }, { context }) {
    const page = await searchPage<ExperimentRow>(
      context.db,
      {
        table: 'experiments',
        alias: 'e',
        fields: EXPERIMENT_FIELDS,
        conditions: ['e.lifecycle_stage = ANY($1::text[])'],
        params: [stagesOf(view_type)],
        tiebreak: ['e.creation_time DESC', 'e.experiment_id ASC'],
      },
      request,
    );
    return { experiments: await experimentMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});

export const updateExperiment = operation({
  access: 'write',
  input: z.object({ experiment_id: required(), new_name: required() }),
  async handle({ experiment_id, new_name }, { context }) {
    validateExperimentName(new_name);
    await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experiment_id);
      if (experiment.lifecycle_stage !== 'active') throw new ServiceError('invalid', 'Cannot rename a non-active experiment.');
      try {
        await tx.query('UPDATE experiments SET name = $2, last_update_time = $3 WHERE experiment_id = $1', [experiment.experiment_id, new_name, Date.now()]);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ServiceError('conflict', `Experiment(name=${new_name}) already exists.`);
        throw error;
      }
    });
    return {};
  },
});

/** Deleting an experiment deletes its active runs with it; restoring brings back those same runs. */
export const deleteExperiment = operation({
  access: 'write',
  input: z.object({ experiment_id: required() }),
  async handle({ experiment_id }, { context }) {
    await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experiment_id);
      if (experiment.lifecycle_stage !== 'active') throw notFound(experiment_id);
      const now = Date.now();
      await tx.query("UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = $2 WHERE experiment_id = $1", [experiment.experiment_id, now]);
      await tx.query("UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = $2 WHERE experiment_id = $1 AND lifecycle_stage = 'active'", [experiment.experiment_id, now]);
    });
    return {};
  },
});

export const restoreExperiment = operation({
  access: 'write',
  input: z.object({ experiment_id: required() }),
  async handle({ experiment_id }, { context }) {
    await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experiment_id);
      if (experiment.lifecycle_stage !== 'deleted') throw notFound(experiment_id);
      await tx.query("UPDATE experiments SET lifecycle_stage = 'active', last_update_time = $2 WHERE experiment_id = $1", [experiment.experiment_id, Date.now()]);
      await tx.query("UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE experiment_id = $1 AND lifecycle_stage = 'deleted' AND deleted_time >= $2", [
        experiment.experiment_id,
        experiment.last_update_time,
      ]);
    });
    return {};
  },
});

export const setExperimentTag = operation({
  access: 'write',
  input: z.object({ experiment_id: required(), key: required(), value: z.string().default('') }),
  async handle({ experiment_id, key, value }, { context }) {
    validateExperimentTag(key, value);
    await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experiment_id);
      requireActive(experiment);
      await tx.query('INSERT INTO experiment_tags VALUES ($1, $2, $3) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value', [experiment.experiment_id, key, value]);
    });
    return {};
  },
});

export const deleteExperimentTag = operation({
  access: 'write',
  input: z.object({ experiment_id: required(), key: required() }),
  async handle({ experiment_id, key }, { context }) {
    await context.db.transaction(async (tx) => {
      const experiment = await findExperiment(tx, experiment_id);
      requireActive(experiment);
      const deleted = await tx.query('DELETE FROM experiment_tags WHERE experiment_id = $1 AND key = $2 RETURNING key', [experiment.experiment_id, key]);
      if (deleted.length === 0) throw new ServiceError('not-found', `No tag with name: ${key} in experiment with id ${experiment_id}`);
    });
    return {};
  },
});
