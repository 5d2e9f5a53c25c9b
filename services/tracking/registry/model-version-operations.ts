import { z } from 'zod';
import { modelResource, registryAudit } from '../audit/registry-audit';
import { keyValueInput, searchInput } from '../mlflow/messages';
import { operation, required } from '../mlflow/operation';
import { validateRegistryTag } from '../mlflow/validation';
import { findRun } from '../runs/run-store';
import { searchPage } from '../search/search-page';
import type { SearchableFields } from '../search/sql-filter';
import { findLoggedModel } from '../logged-models/logged-model-store';
import { loggedModelOf, storageLocationOf } from './model-version-source';

/** MLflow's tag marking a registered model or version as a prompt (MLflow 3's prompt registry). */
export const IS_PROMPT_TAG = 'mlflow.prompt.is_prompt';
import { findModelVersion, findRegisteredModel, type ModelVersionRow, modelVersionMessages, touchRegisteredModel } from './registry-store';

/**
 * Registers a version. Files are not copied, so a version is READY at once; clients that poll for
 * READY after registering (MLflow's `register_model`) see it on their first poll. A prompt version
 * (MLflow 3's `register_prompt`) has no files: its source is a placeholder and is kept as sent.
 */
export const createModelVersion = operation({
  access: 'write',
  input: z.object({
    name: required(),
    source: required(),
    run_id: z.string().optional(),
    tags: z.array(keyValueInput).optional(),
    run_link: z.string().optional(),
    description: z.string().optional(),
    model_id: z.string().optional(),
  }),
  async handle(input, { context, principal }) {
    const tags = (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
    for (const tag of tags) validateRegistryTag('Model version', tag.key, tag.value);
    const isPrompt = tags.some((tag) => tag.key === IS_PROMPT_TAG && tag.value.toLowerCase() === 'true');
    const modelId = input.model_id || loggedModelOf(input.source)?.modelId || null;
    const row = await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, input.name);
      // Lineage: a version names the run and the logged model that produced it, and they must exist.
      if (input.run_id) await findRun(tx, input.run_id);
      if (modelId) await findLoggedModel(tx, modelId);
      const storageLocation = isPrompt ? input.source : await storageLocationOf(tx, input.source);
      const now = Date.now();
      const [{ last_version }] = await tx.query<{ last_version: number }>(
        'UPDATE registered_models SET last_version = last_version + 1, last_updated_timestamp = $2 WHERE name = $1 RETURNING last_version',
        [input.name, now],
      );
      const [created] = await tx.query<ModelVersionRow>(
        `INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, description, user_id, source, storage_location, run_id, run_link, model_id)
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [input.name, last_version, now, input.description || null, principal.name, input.source, storageLocation, input.run_id || null, input.run_link || null, modelId],
      );
      for (const tag of tags) await tx.query('INSERT INTO model_version_tags VALUES ($1, $2, $3, $4) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value', [input.name, last_version, tag.key, tag.value]);
      await registryAudit.record(tx, {
        actor: principal.name,
        action: 'create_model_version',
        resource: modelResource(input.name, last_version),
        details: { source: input.source, run_id: input.run_id || null, model_id: modelId },
      });
      return created!;
    });
    const [model_version] = await modelVersionMessages(context.db, [row]);
    return { model_version };
  },
});

const versionInput = { name: required(), version: required() };

export const getModelVersion = operation({
  access: 'read',
  input: z.object(versionInput),
  async handle({ name, version }, { context }) {
    const [model_version] = await modelVersionMessages(context.db, [await findModelVersion(context.db, name, version)]);
    return { model_version };
  },
});

export const updateModelVersion = operation({
  access: 'write',
  input: z.object({ ...versionInput, description: z.string().optional() }),
  async handle({ name, version, description }, { context, principal }) {
    const row = await context.db.transaction(async (tx) => {
      const existing = await findModelVersion(tx, name, version);
      const now = Date.now();
      const [updated] = await tx.query<ModelVersionRow>(
        'UPDATE model_versions SET description = coalesce($3, description), last_updated_timestamp = $4 WHERE name = $1 AND version = $2 RETURNING *',
        [name, existing.version, description ?? null, now],
      );
      await touchRegisteredModel(tx, name, now);
      await registryAudit.record(tx, { actor: principal.name, action: 'update_model_version', resource: modelResource(name, existing.version), details: { description: description ?? null } });
      return updated!;
    });
    const [model_version] = await modelVersionMessages(context.db, [row]);
    return { model_version };
  },
});

export const deleteModelVersion = operation({
  access: 'write',
  input: z.object(versionInput),
  async handle({ name, version }, { context, principal }) {
    await context.db.transaction(async (tx) => {
      const existing = await findModelVersion(tx, name, version);
      const aliases = await tx.query<{ alias: string }>('SELECT alias FROM registered_model_aliases WHERE name = $1 AND version = $2', [name, existing.version]);
      await tx.query('DELETE FROM model_versions WHERE name = $1 AND version = $2', [name, existing.version]);
      await touchRegisteredModel(tx, name, Date.now());
      await registryAudit.record(tx, {
        actor: principal.name,
        action: 'delete_model_version',
        resource: modelResource(name, existing.version),
        details: { removed_aliases: aliases.map((row) => row.alias) },
      });
    });
    return {};
  },
});

export const setModelVersionTag = operation({
  access: 'write',
  input: z.object({ ...versionInput, key: required(), value: z.string().default('') }),
  async handle({ name, version, key, value }, { context, principal }) {
    validateRegistryTag('Model version', key, value);
    await context.db.transaction(async (tx) => {
      const existing = await findModelVersion(tx, name, version);
      await tx.query('INSERT INTO model_version_tags VALUES ($1, $2, $3, $4) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value', [name, existing.version, key, value]);
      await registryAudit.record(tx, { actor: principal.name, action: 'set_model_version_tag', resource: modelResource(name, existing.version), details: { key, value } });
    });
    return {};
  },
});

export const deleteModelVersionTag = operation({
  access: 'write',
  input: z.object({ ...versionInput, key: required() }),
  async handle({ name, version, key }, { context, principal }) {
    await context.db.transaction(async (tx) => {
      const existing = await findModelVersion(tx, name, version);
      await tx.query('DELETE FROM model_version_tags WHERE name = $1 AND version = $2 AND key = $3', [name, existing.version, key]);
      await registryAudit.record(tx, { actor: principal.name, action: 'delete_model_version_tag', resource: modelResource(name, existing.version), details: { key } });
    });
    return {};
  },
});

/** Where a client downloads a version's files from: through this server's artifact proxy for runs:/ sources. */
export const getModelVersionDownloadUri = operation({
  access: 'read',
  input: z.object(versionInput),
  async handle({ name, version }, { context }) {
    const row = await findModelVersion(context.db, name, version);
    return { artifact_uri: row.storage_location };
  },
});

const MODEL_VERSION_FIELDS: SearchableFields = {
  attributes: {
    name: { sql: 'v.name', type: 'string' },
    version_number: { sql: 'v.version', type: 'number' },
    run_id: { sql: 'v.run_id', type: 'string' },
    source_path: { sql: 'v.source', type: 'string' },
    creation_timestamp: { sql: 'v.creation_timestamp', type: 'number' },
    last_updated_timestamp: { sql: 'v.last_updated_timestamp', type: 'number' },
  },
  keyed: { tag: { type: 'string', table: 'model_version_tags', match: 'x.name = v.name AND x.version = v.version', notEqualMatchesMissing: true } },
};

export const searchModelVersions = operation({
  access: 'read',
  input: z.object(searchInput({ default: 10000, max: 200000 })),
  async handle(request, { context }) {
    const page = await searchPage<ModelVersionRow>(
      context.db,
      { table: 'model_versions', alias: 'v', fields: MODEL_VERSION_FIELDS, tiebreak: ['v.name ASC', 'v.version DESC'] },
      request,
    );
    return { model_versions: await modelVersionMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});
