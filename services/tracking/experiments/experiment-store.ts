import { isUniqueViolation, type Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact, keyValues } from '../mlflow/proto-json';

export interface ExperimentRow {
  readonly experiment_id: number;
  readonly name: string;
  readonly artifact_location: string;
  readonly lifecycle_stage: string;
  readonly creation_time: number;
  readonly last_update_time: number;
}

/** MLflow's Experiment message. */
export interface ExperimentMessage {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags?: { key: string; value: string }[];
}

/** Experiment ids are integers carried as strings; anything else names no experiment. */
export function parseExperimentId(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

export function notFound(id: string): ServiceError {
  return new ServiceError('not-found', `No Experiment with id=${id} exists`);
}

export async function findExperiment(db: Queryable, id: string): Promise<ExperimentRow> {
  const numeric = parseExperimentId(id);
  const [row] = numeric === undefined ? [] : await db.query<ExperimentRow>('SELECT * FROM experiments WHERE experiment_id = $1', [numeric]);
  if (!row) throw notFound(id);
  return row;
}

export function requireActive(experiment: ExperimentRow): void {
  if (experiment.lifecycle_stage !== 'active') {
    throw new ServiceError('invalid', `The experiment ${experiment.experiment_id} must be in the 'active' state. Current state is ${experiment.lifecycle_stage}.`);
  }
}

/** Creates an experiment and returns its id. Its artifacts go through the server's artifact proxy. */
export async function insertExperiment(
  tx: Queryable,
  input: { readonly name: string; readonly artifactLocation?: string; readonly tags: readonly { key: string; value: string }[] },
  now: number,
): Promise<string> {
  const [{ id }] = await tx.query<{ id: number }>("SELECT nextval('experiment_ids')::bigint AS id");
  try {
    await tx.query('INSERT INTO experiments VALUES ($1, $2, $3, $4, $5, $5)', [id, input.name, input.artifactLocation || `mlflow-artifacts:/${id}`, 'active', now]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ServiceError('conflict', `Experiment(name=${input.name}) already exists.`);
    throw error;
  }
  for (const tag of input.tags) await tx.query('INSERT INTO experiment_tags VALUES ($1, $2, $3) ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value', [id, tag.key, tag.value]);
  return String(id);
}

/** Experiment messages for rows, with their tags, in the rows' order. */
export async function experimentMessages(db: Queryable, rows: readonly ExperimentRow[]): Promise<ExperimentMessage[]> {
  const ids = rows.map((row) => row.experiment_id);
  const tags = await db.query<{ experiment_id: number; key: string; value: string }>(
    'SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id = ANY($1::bigint[]) ORDER BY key',
    [ids],
  );
  return rows.map((row) =>
    compact({
      experiment_id: String(row.experiment_id),
      name: row.name,
      artifact_location: row.artifact_location,
      lifecycle_stage: row.lifecycle_stage,
      last_update_time: row.last_update_time,
      creation_time: row.creation_time,
      tags: keyValues(tags.filter((tag) => tag.experiment_id === row.experiment_id)),
    }),
  );
}
