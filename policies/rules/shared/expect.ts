import { UNKNOWN, type Attributes } from '../../engine/model';
import { fail, pass, unknown, type Verdict } from '../../engine/rule';
import { attr, describe, isPresent, isTrue, isUnresolved } from '../../engine/values';

/**
 * The common shape of a single-attribute rule: read one value, decide. `missing` is what an unset
 * attribute means, which follows the provider's default (an unset `enable_key_rotation` is false,
 * an unset `is_enabled` is true).
 */
export interface Expectation {
  readonly path: string;
  readonly accept: (value: unknown) => boolean;
  /** What good looks like, for the message: `set it to true`. */
  readonly expected: string;
  readonly missing: 'pass' | 'fail';
}

export function expectAttribute(values: Attributes, expectation: Expectation): Verdict {
  const value = attr(values, expectation.path);
  if (!isPresent(value)) {
    return expectation.missing === 'pass' ? pass : fail(expectation.path, `is not set; ${expectation.expected}`);
  }
  if (value === UNKNOWN) return unknown(expectation.path, 'is only known after apply');
  if (isUnresolved(value)) return unknown(expectation.path, `is ${describe(value)}, an expression known only at apply`);
  return expectation.accept(value) ? pass : fail(expectation.path, `is ${describe(value)}; ${expectation.expected}`);
}

/** The attribute must be true (unset counts as `missing`). */
export function expectTrue(values: Attributes, path: string, missing: 'pass' | 'fail' = 'fail'): Verdict {
  return expectAttribute(values, { path, accept: isTrue, expected: 'set it to true', missing });
}

/** The attribute must be set to something (a key id, a configuration block). */
export function expectPresent(values: Attributes, path: string, what: string): Verdict {
  const value = attr(values, path);
  if (value === UNKNOWN) return unknown(path, 'is only known after apply');
  return isPresent(value) ? pass : fail(path, `is not set; ${what}`);
}
