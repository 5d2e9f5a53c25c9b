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
