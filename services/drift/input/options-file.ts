import { parseDocument } from 'yaml';
import { z } from 'zod';
import { type AllowedKeys, configErrorMap, problemsFromIssues } from '../../../stacks/config/problems';
import { UserFacingError } from '../../cli/exit-codes';
import type { CompareOptions } from '../compare';
import { STAT_TEST_NAMES } from '../stattests/registry';

/** The options file of `plinth drift compare --options`, in the snake_case of the report. */
export const driftOptionsSchema = z
  .object({
    columns: z
      .record(
        z.string(),
        z
          .object({
            type: z.enum(['numeric', 'categorical']).optional(),
            stattest: z.enum(STAT_TEST_NAMES).optional(),
            threshold: z.number().min(0).optional(),
            role: z.enum(['feature', 'prediction']).optional(),
          })
          .strict(),
      )
      .optional(),
    drift_share: z.number().gt(0).max(1).optional(),
  })
  .strict();

/** Reads and validates the options YAML; every problem at once, each with its path. */
export function parseOptionsFile(text: string, file: string): CompareOptions {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new UserFacingError(`${file}: YAML syntax error: ${document.errors[0].message.split('\n')[0]}`);
  }
  const input: unknown = document.toJS() ?? {};
  const allowedKeys: AllowedKeys = new WeakMap();
  const result = driftOptionsSchema.safeParse(input, { error: configErrorMap(allowedKeys) });
  if (!result.success) {
    const problems = problemsFromIssues(result.error.issues, input, allowedKeys);
    const lines = problems.map((problem) => `  ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`);
    throw new UserFacingError([`${file} is not a valid drift options file:`, ...lines].join('\n'));
  }
  return { columns: result.data.columns, driftShare: result.data.drift_share };
}
