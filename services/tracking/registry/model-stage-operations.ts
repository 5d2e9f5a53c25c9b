import { z } from 'zod';
import { ServiceError } from '../../kit/server/errors';
import { modelResource, registryAudit } from '../audit/registry-audit';
import { operation, required } from '../mlflow/operation';
import { findModelVersion, findRegisteredModel, type ModelVersionRow, modelVersionMessages, touchRegisteredModel } from './registry-store';

/**
 * MLflow's deprecated model stages, still used by many clients: `transition_model_version_stage`
 * and `get_latest_versions`. Aliases replace them in MLflow 2.9+.
 */
const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
/** The stages `archive_existing_versions` may archive others into. */
const ACTIVE_STAGES = ['Staging', 'Production'];

/** MLflow compares stage names case-insensitively and stores the canonical spelling. */
function canonicalStage(stage: string): string {
  const canonical = STAGES.find((candidate) => candidate.toLowerCase() === stage.trim().toLowerCase());
  if (!canonical) throw new ServiceError('invalid', `Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`);
  return canonical;
}

/** Moves a version to a stage; with `archive_existing_versions`, the others in that stage move to Archived. */
export const transitionModelVersionStage = operation({
  access: 'write',
  input: z.object({ name: required(), version: required(), stage: required(), archive_existing_versions: z.boolean().default(false) }),
  async handle({ name, version, stage, archive_existing_versions }, { context, principal }) {
    const target = canonicalStage(stage);
    if (archive_existing_versions && !ACTIVE_STAGES.includes(target)) {
      throw new ServiceError(
        'invalid',
        `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are ${ACTIVE_STAGES.join(', ')}`,
      );
    }
    const row = await context.db.transaction(async (tx) => {
      const existing = await findModelVersion(tx, name, version);
      const now = Date.now();
      const archived = archive_existing_versions
        ? await tx.query<{ version: number }>(
            "UPDATE model_versions SET current_stage = 'Archived', last_updated_timestamp = $3 WHERE name = $1 AND current_stage = $2 AND version <> $4 RETURNING version",
            [name, target, now, existing.version],
          )
        : [];
      const [updated] = await tx.query<ModelVersionRow>('UPDATE model_versions SET current_stage = $3, last_updated_timestamp = $4 WHERE name = $1 AND version = $2 RETURNING *', [
        name,
        existing.version,
        target,
        now,
      ]);
      await touchRegisteredModel(tx, name, now);
      await registryAudit.record(tx, {
        actor: principal.name,
        action: 'transition_model_version_stage',
        resource: modelResource(name, existing.version),
        details: { stage: target, previous_stage: existing.current_stage, archived_versions: archived.map((row) => String(row.version)) },
      });
      return updated!;
    });
    const [model_version] = await modelVersionMessages(context.db, [row]);
    return { model_version };
  },
});

/** The newest version in each stage asked for (every stage when none is), in the order asked. */
export const getLatestVersions = operation({
  access: 'read',
  input: z.object({ name: required(), stages: z.array(z.string()).default([]) }),
  async handle({ name, stages }, { context }) {
    const wanted = stages.length > 0 ? [...new Set(stages.map(canonicalStage))] : [...STAGES];
    await findRegisteredModel(context.db, name);
    const latest = await context.db.query<ModelVersionRow>(
      'SELECT DISTINCT ON (current_stage) * FROM model_versions WHERE name = $1 AND current_stage = ANY($2::text[]) ORDER BY current_stage, version DESC',
      [name, wanted],
    );
    const ordered = wanted.flatMap((stage) => latest.filter((row) => row.current_stage === stage));
    return { model_versions: await modelVersionMessages(context.db, ordered) };
  },
});
