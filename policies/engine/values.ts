import { UNKNOWN, type Attributes } from './model';
import { hasExpression } from './references';

/**
 * Reading resource values the same way whatever the source. HCL (via hcl2json) and plans write a
 * nested block as a list of objects, cdk.tf.json often as a bare object; Terraform's `max_items = 1`
 * blocks are lists of one. `attr` steps into the first element of a list of blocks, `blocks` into all.
 */

export function isObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A block value as a list of blocks, whichever shape the source used. */
export function asBlocks(value: unknown): Attributes[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** Rules ask for the same few dozen paths on every resource: split each once (a 10k-resource plan asks ~10^5 times). */
const splitPaths = new Map<string, readonly string[]>();

function pathKeys(path: string): readonly string[] {
  let keys = splitPaths.get(path);
  if (!keys) {
    if (splitPaths.size > 10_000) splitPaths.clear();
    splitPaths.set(path, (keys = path.split('.')));
  }
  return keys;
}

function step(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    if (/^\d+$/.test(key)) return value[Number(key)];
    const first = value.find(isObject);
    return first === undefined ? undefined : first[key];
  }
  return isObject(value) ? value[key] : undefined;
}

/** The value at a dotted path (`vpc_config.endpoint_public_access`); numeric parts index lists. */
export function attr(values: Attributes | undefined, path: string): unknown {
  let current: unknown = values;
  for (const key of pathKeys(path)) {
    if (current === undefined || current === null || current === UNKNOWN) return current;
    current = step(current, key);
  }
  return current;
}

/** Every block at a dotted path, through every element of every list on the way. */
export function blocks(values: Attributes | undefined, path: string): Attributes[] {
  let current: Attributes[] = values ? [values] : [];
  for (const key of pathKeys(path)) {
    current = current.flatMap((block) => asBlocks(block[key]));
  }
  return current;
}

/** Unknown after apply, or an expression (`${var.x}`) the loader could not evaluate. */
export function isUnresolved(value: unknown): boolean {
  return value === UNKNOWN || (typeof value === 'string' && hasExpression(value));
}

/** Set to something: not missing, null, an empty string or an empty list. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

/** `true` or `"true"`, as Terraform converts strings to booleans. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** A string or list of strings as a list; undefined when the value is neither. */
export function asStrings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

/** How a value reads in a finding message. */
export function describe(value: unknown): string {
  if (value === undefined || value === null) return 'not set';
  if (value === UNKNOWN) return 'unknown until apply';
  return JSON.stringify(value);
}
