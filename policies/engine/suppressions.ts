import { parse } from 'yaml';
import { z } from 'zod';
import { PolicyInputError } from './errors';
import type { Resource } from './model';

/**
 * Suppressions: accepted findings, each with a reason a reviewer can judge. They come from the
 * resource itself (`suppress()` in code, `//.plinth_suppressions` in cdk.tf.json) or from a
 * repository file (`policies/suppressions.yaml`) for inputs Plinth did not synthesize.
 */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the suppression holds; from the next day the finding is back. */
  readonly expires?: string;
  /** `inline` or the suppressions file it came from. */
  readonly source: string;
}

export interface FileSuppression extends Suppression {
  /** Resource address or glob (`*` any characters, `?` one). */
  readonly resource: string;
  /** Stack (or module) name or glob. @default - every stack */
  readonly stack?: string;
}

/** A calendar date as suppressions write it: `2025-12-31`. */
export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

const date = z.string({ error: 'must be a date such as "2025-12-31"' }).refine(isIsoDate, { error: 'must be a date such as "2025-12-31"' });

const entry = z.strictObject({
  rule: z.string({ error: 'is required: the rule id, e.g. PLN-AWS-001' }).regex(/^PLN-[A-Z0-9]+-\d{3}$/, { error: 'must be a rule id such as PLN-AWS-001' }),
  resource: z.string({ error: 'is required: a resource address or glob' }).min(1),
  stack: z.string().min(1).optional(),
  reason: z.string({ error: 'is required: say why the finding is acceptable' }).trim().min(1, { error: 'must not be empty' }),
  expires: date.optional(),
});

const fileSchema = z.strictObject({ suppressions: z.array(entry).default([]) });

/** Reads a suppressions file; every problem at once, each with its path. Unknown rule ids are errors. */
export function parseSuppressionsFile(file: string, text: string, knownRules: ReadonlySet<string>): FileSuppression[] {
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    const linePos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new PolicyInputError(file, `invalid YAML: ${(error as Error).message.split('\n')[0]}`, linePos && { line: linePos.line, column: linePos.col });
  }
  const parsed = fileSchema.safeParse(document);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const suppressions = parsed.success ? parsed.data.suppressions : [];
  suppressions.forEach((suppression, index) => {
    if (!knownRules.has(suppression.rule)) problems.push(`suppressions[${index}].rule: no rule "${suppression.rule}"`);
  });
  if (problems.length > 0) throw new PolicyInputError(file, problems.join('; '));
  return suppressions.map((suppression) => ({ ...suppression, source: file }));
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('') || '(file)';
}

/** The suppression that covers a finding, if any: inline ones first, then the file's. */
export function suppressionFor(
  ruleId: string,
  resource: Resource | undefined,
  address: string,
  stack: string,
  fileSuppressions: readonly FileSuppression[],
): Suppression | undefined {
  const inline = resource?.suppressions.find((suppression) => suppression.rule === ruleId);
  if (inline) return { ...inline, source: 'inline' };
  return fileSuppressions.find(
    (suppression) =>
      suppression.rule === ruleId && globMatches(suppression.resource, address) && (suppression.stack === undefined || globMatches(suppression.stack, stack)),
  );
}

export function isExpired(suppression: Suppression, now: Date): boolean {
  if (suppression.expires === undefined) return false;
  const lastDay = Date.parse(`${suppression.expires}T00:00:00Z`);
  return now.getTime() >= lastDay + 24 * 60 * 60 * 1000;
}

const globCache = new Map<string, RegExp>();

export function globMatches(glob: string, value: string): boolean {
  let regex = globCache.get(glob);
  if (!regex) {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`);
    globCache.set(glob, regex);
  }
  return regex.test(value);
}
