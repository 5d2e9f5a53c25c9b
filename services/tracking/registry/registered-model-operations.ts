import { z } from 'zod';
import { isUniqueViolation } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { modelResource, registryAudit } from '../audit/registry-audit';
import { keyValueInput, searchInput } from '../mlflow/messages';
import { operation, required } from '../mlflow/operation';
import { validateAliasName, validateRegistryTag } from '../mlflow/validation';
import { searchPage } from '../search/search-page';
import type { SearchableFields } from '../search/sql-filter';
import { findModelVersion, findRegisteredModel, modelVersionMessages, type RegisteredModelRow, registeredModelMessages } from './registry-store';

const alreadyExists = (name: string) => new ServiceError('conflict', `Registered Model (name=${name}) already exists.`);

export const createRegisteredModel = operation({
  access: 'write',
  input: z.object({ name: required(), tags: z.array(keyValueInput).optional(), description: z.string().optional() }),
  async handle({ name, tags = [], description }, { context, principal }) {
    const pairs = tags.map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
    for (const tag of pairs) validateRegistryTag('Registered model', tag.key, tag.value);
    const row = await context.db.transaction(async (tx) => {
      const now = Date.now();
      let created: RegisteredModelRow;
      try {
        [created] = (await tx.query<RegisteredModelRow>('INSERT INTO registered_models (name, description, creation_timestamp, last_updated_timestamp) VALUES ($1, $2, $3, $3) RETURNING *', [
          name,
          description ?? null,
          now,
        ])) as [RegisteredModelRow];
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyExists(name);
        throw error;
      }
      for (const tag of pairs) await tx.query('INSERT INTO registered_model_tags VALUES ($1, $2, $3) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value', [name, tag.key, tag.value]);
      await registryAudit.record(tx, { actor: principal.name, action: 'create_registered_model', resource: modelResource(name), details: { tags: pairs, description: description ?? null } });
      return created;
    });
    const [registered_model] = await registeredModelMessages(context.db, [row]);
    return { registered_model };
  },
});

export const getRegisteredModel = operation({
  access: 'read',
  input: z.object({ name: required() }),
  async handle({ name }, { context }) {
    const [registered_model] = await registeredModelMessages(context.db, [await findRegisteredModel(context.db, name)]);
    return { registered_model };
  },
});

export const renameRegisteredModel = operation({
  access: 'write',
  input: z.object({ name: required(), new_name: required() }),
  async handle({ name, new_name }, { context, principal }) {
    const row = await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      let renamed: RegisteredModelRow;
      try {
        [renamed] = (await tx.query<RegisteredModelRow>('UPDATE registered_models SET name = $2, last_updated_timestamp = $3 WHERE name = $1 RETURNING *', [
          name,
          new_name,
          Date.now(),
        ])) as [RegisteredModelRow];
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyExists(new_name);
        throw error;
      }
      await registryAudit.record(tx, { actor: principal.name, action: 'rename_registered_model', resource: modelResource(new_name), details: { previous_name: name } });
      return renamed;
    });
    const [registered_model] = await registeredModelMessages(context.db, [row]);
    return { registered_model };
  },
});

export const updateRegisteredModel = operation({
  access: 'write',
  input: z.object({ name: required(), description: z.string().optional() }),
  async handle({ name, description }, { context, principal }) {
    const row = await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      const [updated] = await tx.query<RegisteredModelRow>('UPDATE registered_models SET description = $2, last_updated_timestamp = $3 WHERE name = $1 RETURNING *', [
        name,
        description ?? null,
        Date.now(),
      ]);
      await registryAudit.record(tx, { actor: principal.name, action: 'update_registered_model', resource: modelResource(name), details: { description: description ?? null } });
      return updated!;
    });
    const [registered_model] = await registeredModelMessages(context.db, [row]);
    return { registered_model };
  },
});

export const deleteRegisteredModel = operation({
  access: 'write',
  input: z.object({ name: required() }),
  async handle({ name }, { context, principal }) {
    await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      const versions = await tx.query<{ version: number }>('SELECT version FROM model_versions WHERE name = $1 ORDER BY version', [name]);
      await tx.query('DELETE FROM registered_models WHERE name = $1', [name]);
      await registryAudit.record(tx, { actor: principal.name, action: 'delete_registered_model', resource: modelResource(name), details: { versions: versions.map((v) => String(v.version)) } });
    });
    return {};
  },
});

const REGISTERED_MODEL_FIELDS: SearchableFields = {
  attributes: {
    name: { sql: 'm.name', type: 'string' },
    timestamp: { sql: 'm.creation_timestamp', type: 'number' },
    creation_timestamp: { sql: 'm.creation_timestamp', type: 'number' },
    last_updated_timestamp: { sql: 'm.last_updated_timestamp', type: 'number' },
  },
  keyed: { tag: { type: 'string', table: 'registered_model_tags', match: 'x.name = m.name', notEqualMatchesMissing: true } },
};

export const searchRegisteredModels = operation({
  access: 'read',
  input: z.object(searchInput({ default: 100, max: 1000 })),
  async handle(request, { context }) {
    const page = await searchPage<RegisteredModelRow>(context.db, { table: 'registered_models', alias: 'm', fields: REGISTERED_MODEL_FIELDS, tiebreak: ['m.name ASC'] }, request);
    return { registered_models: await registeredModelMessages(context.db, page.items), next_page_token: page.nextPageToken };
  },
});

export const setRegisteredModelTag = operation({
  access: 'write',
  input: z.object({ name: required(), key: required(), value: z.string().default('') }),
  async handle({ name, key, value }, { context, principal }) {
    validateRegistryTag('Registered model', key, value);
    await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      await tx.query('INSERT INTO registered_model_tags VALUES ($1, $2, $3) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value', [name, key, value]);
      await registryAudit.record(tx, { actor: principal.name, action: 'set_registered_model_tag', resource: modelResource(name), details: { key, value } });
    });
    return {};
  },
});

export const deleteRegisteredModelTag = operation({
  access: 'write',
  input: z.object({ name: required(), key: required() }),
  async handle({ name, key }, { context, principal }) {
    await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      await tx.query('DELETE FROM registered_model_tags WHERE name = $1 AND key = $2', [name, key]);
      await registryAudit.record(tx, { actor: principal.name, action: 'delete_registered_model_tag', resource: modelResource(name), details: { key } });
    });
    return {};
  },
});

/** Points an alias at a version, moving it if it pointed elsewhere; the audit trail keeps where it was. */
export const setRegisteredModelAlias = operation({
  access: 'write',
  input: z.object({ name: required(), alias: required(), version: required() }),
  async handle({ name, alias, version }, { context, principal }) {
    validateAliasName(alias);
    await context.db.transaction(async (tx) => {
      const target = await findModelVersion(tx, name, version);
      const [previous] = await tx.query<{ version: number }>('SELECT version FROM registered_model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
      await tx.query('INSERT INTO registered_model_aliases VALUES ($1, $2, $3) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version', [name, alias, target.version]);
      await registryAudit.record(tx, {
        actor: principal.name,
        action: 'set_registered_model_alias',
        resource: modelResource(name),
        details: { alias, version: String(target.version), previous_version: previous ? String(previous.version) : null },
      });
    });
    return {};
  },
});

export const deleteRegisteredModelAlias = operation({
  access: 'write',
  input: z.object({ name: required(), alias: required() }),
  async handle({ name, alias }, { context, principal }) {
    await context.db.transaction(async (tx) => {
      await findRegisteredModel(tx, name);
      const deleted = await tx.query<{ version: number }>('DELETE FROM registered_model_aliases WHERE name = $1 AND alias = $2 RETURNING version', [name, alias]);
      await registryAudit.record(tx, {
        actor: principal.name,
        action: 'delete_registered_model_alias',
        resource: modelResource(name),
        details: { alias, previous_version: deleted[0] ? String(deleted[0].version) : null },
      });
    });
    return {};
  },
});

export const getModelVersionByAlias = operation({
  access: 'read',
  input: z.object({ name: required(), alias: required() }),
  async handle({ name, alias }, { context }) {
    await findRegisteredModel(context.db, name);
    const [target] = await context.db.query<{ version: number }>('SELECT version FROM registered_model_aliases WHERE name = $1 AND alias = $2', [name, alias]);
    // MLflow answers a missing alias with 400 INVALID_PARAMETER_VALUE, not 404; clients rely on it.
    if (!target) throw new ServiceError('invalid', `Registered model alias ${alias} not found.`);
    const [model_version] = await modelVersionMessages(context.db, [await findModelVersion(context.db, name, String(target.version))]);
    return { model_version };
  },
});
