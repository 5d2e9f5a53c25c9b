import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../kit/database/database';
import { ServiceError } from '../../kit/server/errors';
import { operation, required } from '../mlflow/operation';
import { findTrace } from './trace-store';

/**
 * MLflow 3's assessments (`mlflow.log_feedback`, `log_expectation`): judgements of a trace. The
 * server owns the ID, the trace and the times; the rest of the message (name, source, feedback or
 * expectation, rationale, metadata) is kept as the client sent it.
 */
type Assessment = Record<string, unknown>;

/** The fields a client may not set: the server assigns them. */
const SERVER_FIELDS = ['assessment_id', 'trace_id', 'create_time', 'last_update_time'];

const assessmentInput = z.looseObject({ assessment_name: z.string().optional() });

async function findAssessment(db: Queryable, traceId: string, assessmentId: string): Promise<Assessment> {
  const [row] = await db.query<{ assessment: Assessment }>('SELECT assessment FROM trace_assessments WHERE trace_id = $1 AND assessment_id = $2', [traceId, assessmentId]);
  if (!row) throw new ServiceError('not-found', `Assessment with ID '${assessmentId}' for trace '${traceId}' not found.`);
  return row.assessment;
}

function clientFields(assessment: Assessment): Assessment {
  return Object.fromEntries(Object.entries(assessment).filter(([key]) => !SERVER_FIELDS.includes(key)));
}

/** `POST traces/{trace_id}/assessments` (under /api/3.0). */
export const createAssessment = operation({
  access: 'write',
  input: z.object({ trace_id: required(), assessment: assessmentInput }),
  async handle({ trace_id, assessment }, { context }) {
    if (!assessment.assessment_name) throw new ServiceError('invalid', "Missing value for required parameter 'assessment.assessment_name'.");
    const now = new Date().toISOString();
    const saved = { ...clientFields(assessment), assessment_id: `a-${randomUUID().replace(/-/g, '')}`, trace_id, create_time: now, last_update_time: now };
    await context.db.transaction(async (tx) => {
      await findTrace(tx, trace_id);
      await tx.query('INSERT INTO trace_assessments (assessment_id, trace_id, create_time, assessment) VALUES ($1, $2, $3, $4)', [saved.assessment_id, trace_id, Date.now(), JSON.stringify(saved)]);
    });
    return { assessment: saved };
  },
});

export const getAssessment = operation({
  access: 'read',
  input: z.object({ trace_id: required(), assessment_id: required() }),
  async handle({ trace_id, assessment_id }, { context }) {
    return { assessment: await findAssessment(context.db, trace_id, assessment_id) };
  },
});

/**
 * `PATCH traces/{trace_id}/assessments/{assessment_id}`: the fields named by `update_mask`
 * (protobuf's FieldMask, `assessmentName,feedback` in JSON) take the values sent.
 */
export const updateAssessment = operation({
  access: 'write',
  input: z.object({ trace_id: required(), assessment_id: required(), assessment: assessmentInput, update_mask: required() }),
  async handle({ trace_id, assessment_id, assessment, update_mask }, { context }) {
    const paths = update_mask.split(',').map((path) => path.trim().replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
    const refused = paths.filter((path) => SERVER_FIELDS.includes(path));
    if (refused.length > 0) throw new ServiceError('invalid', `update_mask may not name ${refused.join(', ')}: the server sets them.`);
    const updated = await context.db.transaction(async (tx) => {
      const existing = await findAssessment(tx, trace_id, assessment_id);
      const changed: Assessment = { ...existing, last_update_time: new Date().toISOString() };
      for (const path of paths) {
        if (path in assessment) changed[path] = (assessment as Assessment)[path];
        else delete changed[path];
      }
      await tx.query('UPDATE trace_assessments SET assessment = $3 WHERE trace_id = $1 AND assessment_id = $2', [trace_id, assessment_id, JSON.stringify(changed)]);
      return changed;
    });
    return { assessment: updated };
  },
});

export const deleteAssessment = operation({
  access: 'write',
  input: z.object({ trace_id: required(), assessment_id: required() }),
  async handle({ trace_id, assessment_id }, { context }) {
    const deleted = await context.db.query('DELETE FROM trace_assessments WHERE trace_id = $1 AND assessment_id = $2 RETURNING assessment_id', [trace_id, assessment_id]);
    if (deleted.length === 0) throw new ServiceError('not-found', `Assessment with ID '${assessment_id}' for trace '${trace_id}' not found.`);
    return {};
  },
});
