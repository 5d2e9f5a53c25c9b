import { parse } from 'yaml';
import { PolicyInputError } from './errors';
import { isIsoDate, type FileSuppression } from './suppressions';

/**
 * `policies/suppressions.yaml`: accepted findings for inputs Plinth did not synthesize.
 *
 * Checked by hand rather than with zod like platform.yaml: this file is read on every
 * `plinth policy check`, and loading zod's CommonJS build costs ~110 ms of a check's 1 s budget
 * (issue 8). Five fields do not need a schema library; the messages match platform.yaml's style.
 */

const FIELDS = new Set(['rule', 'resource', 'stack', 'reason', 'expires']);
const RULE_ID = /^PLN-[A-Z0-9]+-\d{3}$/;

/** Reads a suppressions file; every problem at once, each with its path. Unknown rule ids are errors. */
export function parseSuppressionsFile(file: string, text: string, knownRules: ReadonlySet<string>): FileSuppression[] {
  let document: unknown;
  try {
    document = parse(text) ?? {};
  } catch (error) {
    const linePos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new PolicyInputError(file, `invalid YAML: ${(error as Error).message.split('\n')[0]}`, linePos && { line: linePos.line, column: linePos.col });
  }
  const problems: string[] = [];
  const suppressions: FileSuppression[] = [];
  if (!isRecord(document)) {
    problems.push('(file): must be a mapping with a "suppressions" list');
  } else {
    for (const key of Object.keys(document)) if (key !== 'suppressions') problems.push(`${key}: unknown key (expected "suppressions")`);
    const entries = document.suppressions ?? [];
    if (!Array.isArray(entries)) problems.push('suppressions: must be a list');
    else entries.forEach((entry, index) => readEntry(entry, `suppressions[${index}]`, file, knownRules, problems, suppressions));
  }
  if (problems.length > 0) throw new PolicyInputError(file, problems.join('; '));
  return suppressions;
}

function readEntry(entry: unknown, at: string, file: string, knownRules: ReadonlySet<string>, problems: string[], into: FileSuppression[]): void {
  if (!isRecord(entry)) {
    problems.push(`${at}: must be a mapping with rule, resource and reason`);
    return;
  }
  const before = problems.length;
  for (const key of Object.keys(entry)) if (!FIELDS.has(key)) problems.push(`${at}.${key}: unknown key (expected one of ${[...FIELDS].join(', ')})`);
  const { rule, resource, stack, reason, expires } = entry;
  if (typeof rule !== 'string') problems.push(`${at}.rule: is required: the rule id, e.g. PLN-AWS-001`);
  else if (!RULE_ID.test(rule)) problems.push(`${at}.rule: must be a rule id such as PLN-AWS-001`);
  else if (!knownRules.has(rule)) problems.push(`${at}.rule: no rule "${rule}"`);
  if (typeof resource !== 'string' || resource === '') problems.push(`${at}.resource: is required: a resource address or glob`);
  if (stack !== undefined && (typeof stack !== 'string' || stack === '')) problems.push(`${at}.stack: must be a stack name or glob`);
  if (typeof reason !== 'string') problems.push(`${at}.reason: is required: say why the finding is acceptable`);
  else if (reason.trim() === '') problems.push(`${at}.reason: must not be empty`);
  if (expires !== undefined && (typeof expires !== 'string' || !isIsoDate(expires))) problems.push(`${at}.expires: must be a date such as "2025-12-31"`);
  if (problems.length > before) return;
  into.push({
    rule: rule as string,
    resource: resource as string,
    ...(stack !== undefined ? { stack: stack as string } : {}),
    reason: (reason as string).trim(),
    ...(expires !== undefined ? { expires: expires as string } : {}),
    source: file,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
