import type { z } from 'zod';
import { EXIT_BAD_INPUT, UserFacingError } from '../exit-codes';

/** One thing wrong with a config file: where it is, what was found and what is allowed. */
export interface ConfigProblem {
  /** Dotted path into the config, e.g. `environments.prod.cluster.systemNodes.maxSize`; empty for the whole file. */
  readonly path: string;
  /** 1-based line and column in the file, when the problem can be placed. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** A config that cannot be used, with every problem found in it. */
export class ConfigError extends UserFacingError {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    /** What the file should have been, for the first line: `${file} is not ${validWhat}`. */
    validWhat = 'a valid Plinth config',
  ) {
    super(formatProblems(file, problems, validWhat), EXIT_BAD_INPUT);
    this.name = 'ConfigError';
  }
}

export function formatProblems(file: string, problems: readonly ConfigProblem[], validWhat = 'a valid Plinth config'): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem) => {
    const where = problem.line === undefined ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
    return `  ${where}  ${problem.path === '' ? '' : `${problem.path}: `}${problem.message}`;
  });
  return [`${file} is not ${validWhat} (${count}):`, ...lines].join('\n');
}

/** Allowed keys of each strict object that saw unknown keys, filled while zod parses. */
export type AllowedKeys = WeakMap<readonly PropertyKey[], string[]>;

/**
 * zod's error map for platform.yaml: says what was found and what is allowed, in words a platform
 * engineer reads at a glance. Messages set on the schema itself (regex explanations, cross-field
 * checks) are kept and get the found value appended.
 */
export function configErrorMap(allowedKeys: AllowedKeys): z.core.$ZodErrorMap {
  return (issue) => {
    const found = describe(issue.input);
    switch (issue.code) {
      case 'invalid_type':
        return issue.input === undefined ? `missing; expected ${typeName(issue.expected)}` : `expected ${typeName(issue.expected)}, found ${found}`;
      case 'too_small':
        return `found ${sizeOf(issue.input)}; ${bound('at least', issue.minimum, issue.inclusive, issue.origin)}`;
      case 'too_big':
        return `found ${sizeOf(issue.input)}; ${bound('at most', issue.maximum, issue.inclusive, issue.origin)}`;
      case 'invalid_value': {
        const allowed = issue.values.map((value) => JSON.stringify(value));
        const guess = typeof issue.input === 'string' ? didYouMean(issue.input, issue.values.map(String)) : undefined;
        if (issue.input === undefined) return `missing; allowed: ${allowed.join(', ')}`;
        return `found ${found}${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${allowed.join(', ')}`;
      }
      case 'unrecognized_keys': {
        const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
        allowedKeys.set(issue.keys, Object.keys(shape ?? {}));
        return 'unknown key';
      }
      case 'invalid_union': {
        // A discriminated union (cloud.provider, backend.type) that matched no option.
        const options = (issue as { options?: unknown[] }).options;
        const discriminator = (issue as { discriminator?: string }).discriminator;
        if (!options || !discriminator) return undefined;
        const value = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
        const guess = typeof value === 'string' ? didYouMean(value, options.map(String)) : undefined;
        const foundValue = value === undefined ? 'missing' : `found ${describe(value)}`;
        return `${foundValue}${guess ? ` (did you mean "${guess}"?)` : ''}; allowed: ${options.map((o) => JSON.stringify(o)).join(', ')}`;
      }
      case 'invalid_key':
        return `invalid name ${describe(issue.input)}: ${issue.issues.map((inner) => inner.message).join('; ')}`;
      case 'invalid_format':
        return issue.message ? undefined : `found ${found}; must be a valid ${issue.format}`;
      default:
        return undefined;
    }
  };
}

/**
 * Turns zod issues into problems. An issue carrying a schema message gets the found value added;
 * unknown keys become one problem per key, each with a did-you-mean.
 */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown, allowedKeys: AllowedKeys): Omit<ConfigProblem, 'line' | 'column'>[] {
  const problems: Omit<ConfigProblem, 'line' | 'column'>[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys.get(issue.keys) ?? [];
      for (const key of issue.keys) {
        const guess = didYouMean(key, allowed);
        problems.push({
          path: joinPath([...issue.path, key]),
          message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed keys: ${allowed.join(', ')}`,
        });
      }
      continue;
    }
    let message = issue.message;
    if (issue.code === 'invalid_format' && !message.startsWith('found')) {
      const value = valueAt(input, issue.path);
      if (value !== undefined && typeof value !== 'object') message = `found ${describe(value)}; ${message}`;
    }
    problems.push({ path: joinPath(issue.path), message });
  }
  return problems;
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : String(segment))).join('.').replace(/\.\[/g, '[');
}

/** The closest allowed word within a small edit distance, for "did you mean" hints. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one typo, not two. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** zod's type names (`record`, `int`, ...) in the words of a YAML file. */
const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

function sizeOf(value: unknown): string {
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'string') return `${value.length} character${value.length === 1 ? '' : 's'}`;
  return describe(value);
}

function bound(word: string, limit: unknown, inclusive: boolean | undefined, origin: string): string {
  const unit = origin === 'array' ? ' items' : origin === 'string' ? ' characters' : '';
  const value = Number(limit);
  if (inclusive === false) return `must be ${word === 'at least' ? 'greater' : 'less'} than ${value}${unit}`;
  return `must be ${word} ${value}${unit}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
