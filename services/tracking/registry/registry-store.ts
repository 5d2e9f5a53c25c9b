import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { compact, keyValues } from '../mlflow/proto-json';
import { parseModelVersion } from '../mlflow/validation';

export interface RegisteredModelRow {
  readonly name: string;
  readonly description: string | null;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
}

export interface ModelVersionRow {
  readonly name: string;
  readonly version: number;
  readonly creation_timestamp: number;
  readonly last_updated_timestamp: number;
  readonly description: string | null;
  readonly user_id: string | null;
  readonly current_stage: string;
  readonly source: string;
  readonly storage_location: string;
  readonly run_id: string | null;
  readonly run_link: string | null;
  readonly status: string;
  readonly status_message: string | null;
  readonly model_id: string | null;
}

export async function findRegisteredModel(db: Queryable, name: string): Promise<RegisteredModelRow> {
  const [row] = await db.query<RegisteredModelRow>('SELECT * FROM registered_models WHERE name = $1', [name]);
  if (!row) throw new ServiceError('not-found', `Registered Model with name=${name} not found`);
  return row;
}

export async function findModelVersion(db: Queryable, name: string, version: string): Promise<ModelVersionRow> {
  const [row] = await db.query<ModelVersionRow>('SELECT * FROM model_versions WHERE name = $1 AND version = $2', [name, parseModelVersion(version)]);
  if (!row) throw new ServiceError('not-found', `Model Version (name=${name}, version=${version}) not found`);
  return row;
}

/** MLflow's ModelVersion messages for rows, in their order. */
export async function modelVersionMessages(db: Queryable, rows: readonly ModelVersionRow[]) {
  const names = rows.map((row) => row.name);
  const [tags, aliases] = await Promise.all([
    db.query<{ name: string; version: number; key: string; value: string }>('SELECT * FROM model_version_tags WHERE name = ANY($1::text[]) ORDER BY key', [names]),
    db.query<{ name: string; version: number; alias: string }>('SELECT * FROM registered_model_aliases WHERE name = ANY($1::text[]) ORDER BY alias', [names]),
  ]);
  const of = <T extends { name: string; version: number }>(list: T[], row: ModelVersionRow) => list.filter((item) => item.name === row.name && item.version === row.version);
  return rows.map((row) =>
    compact({
      name: row.name,
      version: String(row.version),
      creation_timestamp: row.creation_timestamp,
      last_updated_timestamp: row.last_updated_timestamp,
      user_id: row.user_id,
      current_stage: row.current_stage,
      description: row.description || null,
      source: row.source,
      run_id: row.run_id,
      status: row.status,
      status_message: row.status_message,
      tags: keyValues(of(tags, row)),
      run_link: row.run_link,
      aliases: of(aliases, row).map((alias) => alias.alias),
      model_id: row.model_id,
    }),
  );
}

/** MLflow's RegisteredModel messages: with the latest version per stage, tags and aliases. */
export async function registeredModelMessages(db: Queryable, rows: readonly RegisteredModelRow[]) {
  const names = [rows.map((row) => row.name)];
  const [latest, tags, aliases] = await Promise.all([
    db.query<ModelVersionRow>('SELECT DISTINCT ON (name, current_stage) * FROM model_versions WHERE name = ANY($1::text[]) ORDER BY name, current_stage, version DESC', names),
    db.query<{ name: string; key: string; value: string }>('SELECT * FROM registered_model_tags WHERE name = ANY($1::text[]) ORDER BY key', names),
    db.query<{ name: string; alias: string; version: number }>('SELECT * FROM registered_model_aliases WHERE name = ANY($1::text[]) ORDER BY alias', names),
  ]);
  const latestMessages = await modelVersionMessages(db, latest);
  return rows.map((row) =>
    compact({
      name: row.name,
      creation_timestamp: row.creation_timestamp,
      last_updated_timestamp: row.last_updated_timestamp,
      description: row.description || null,
      latest_versions: latestMessages.filter((version) => version.name === row.name),
      tags: keyValues(tags.filter((tag) => tag.name === row.name)),
      aliases: aliases.filter((alias) => alias.name === row.name).map((alias) => ({ alias: alias.alias, version: String(alias.version) })),
    }),
  );
}

/** Marks a model as changed now (a version was added, removed or edited). */
export async function touchRegisteredModel(tx: Queryable, name: string, now: number): Promise<void> {
  await tx.query('UPDATE registered_models SET last_updated_timestamp = $2 WHERE name = $1', [name, now]);
}
