import { type Document, parseDocument } from 'yaml';
import { z } from 'zod';
import { type AllowedKeys, configErrorMap, problemsFromIssues } from '../../../core/config/problems';
import { UserFacingError } from '../../../core/exit-codes';
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
    // An embedding column's thresholds; `name: {}` (or `name:` in YAML) keeps Evidently's defaults.
    embeddings: z
      .record(
        z.string(),
        z
          .object({
            distance_threshold: z.number().min(0).optional(),
            component_threshold: z.number().min(0).optional(),
            drifted_share_threshold: z.number().min(0).max(1).optional(),
          })
          .strict()
          .nullable(),
      )
      .optional(),
    drift_share: z.number().gt(0).max(1).optional(),
  })
  .strict();

/**
 * An options file names a few columns: far below these. Aliases are capped because each may expand to
 * everything it points at (a "billion laughs" file of a few lines would expand to gigabytes).
 */
export const OPTIONS_FILE_LIMITS = { characters: 1024 * 1024, aliases: 100 } as const;

function toJS(document: Document, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: OPTIONS_FILE_LIMITS.aliases }) ?? {};
  } catch (error) {
    // The yaml library throws a ReferenceError past maxAliasCount.
    if (error instanceof ReferenceError) throw new UserFacingError(`${file}: too many YAML aliases (at most ${OPTIONS_FILE_LIMITS.aliases} expansions); write the values out`);
    throw error;
  }
}

/** Reads and validates the options YAML; every problem at once, each with its path. */
export function parseOptionsFile(text: string, file: string): CompareOptions {
  if (text.length > OPTIONS_FILE_LIMITS.characters) {
    throw new UserFacingError(`${file}: the options file has ${text.length} characters; at most ${OPTIONS_FILE_LIMITS.characters} are allowed`);
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new UserFacingError(`${file}: YAML syntax error: ${document.errors[0].message.split('\n')[0]}`);
  }
  const input = toJS(document, file);
  const allowedKeys: AllowedKeys = new WeakMap();
  const result = driftOptionsSchema.safeParse(input, { error: configErrorMap(allowedKeys) });
  if (!result.success) {
    const problems = problemsFromIssues(result.error.issues, input, allowedKeys);
    const lines = problems.map((problem) => `  ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`);
    throw new UserFacingError([`${file} is not a valid drift options file:`, ...lines].join('\n'));
  }
  const { columns, embeddings, drift_share: driftShare } = result.data;
  const both = Object.keys(embeddings ?? {}).find((name) => columns?.[name] !== undefined);
  if (both !== undefined) {
    throw new UserFacingError(
      `${file}: "${both}" is under both columns and embeddings; an embedding column takes only embedding options (distance_threshold, component_threshold, drifted_share_threshold)`,
    );
  }
  return { columns, ...(embeddings === undefined ? {} : { embeddings: embeddingOptions(embeddings) }), driftShare };
}

function embeddingOptions(embeddings: NonNullable<z.infer<typeof driftOptionsSchema>['embeddings']>): NonNullable<CompareOptions['embeddings']> {
  return Object.fromEntries(
    Object.entries(embeddings).map(([name, thresholds]) => [
      name,
      { distanceThreshold: thresholds?.distance_threshold, componentThreshold: thresholds?.component_threshold, driftedShareThreshold: thresholds?.drifted_share_threshold },
    ]),
  );
}
