import type { FastifyInstance } from 'fastify';
import { ServiceError } from './errors';

/**
 * Deepest JSON nesting a request may have. No Plinth API takes more than a few levels, and a deeper
 * value would overflow the stack of any recursive code that formats, logs or copies it.
 */
export const MAX_INPUT_DEPTH = 64;

// A quick test for either, since almost every string has neither; then the precise test.
const NUL_OR_SURROGATE = /[\0\ud800-\udfff]/;
// A lone half of a UTF-16 surrogate pair (JSON's `\ud800`): UTF-8, and so every store, has no encoding for it.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a string cannot be stored: PostgreSQL's text and jsonb refuse NUL, and UTF-8 cannot encode a lone surrogate. */
export function unstorableText(text: string): string | undefined {
  if (!NUL_OR_SURROGATE.test(text)) return undefined;
  if (text.includes('\0')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff)';
  return undefined;
}

/** What is wrong with one value of a request, and where it is (`tags[0].value`, '' for the whole). */
export interface InputProblem {
  readonly path: string;
  readonly problem: string;
}

interface Container {
  readonly value: object;
  readonly depth: number;
  readonly parent?: Container;
  readonly key?: string | number;
}

/**
 * The first string (value or object key) of `value` that cannot be stored, or a nesting deeper than
 * MAX_INPUT_DEPTH. Iterative, so that any depth is safe to check; paths are built only for a problem.
 */
export function findUnstorableInput(value: unknown): InputProblem | undefined {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem ? { path: '', problem } : undefined;
  }
  // Bytes (a body a route reads raw: ONNX, binary tensors, artifacts) hold no strings; the route checks them.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return undefined;
  const stack: Container[] = [{ value, depth: 0 }];
  for (let container = stack.pop(); container !== undefined; container = stack.pop()) {
    if (container.depth >= MAX_INPUT_DEPTH) return { path: pathOf(container), problem: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
    const isArray = Array.isArray(container.value);
    const values = (isArray ? container.value : Object.values(container.value)) as unknown[];
    const keys = isArray ? undefined : Object.keys(container.value);
    for (let index = 0; index < values.length; index++) {
      const key = keys === undefined ? index : keys[index]!;
      const keyProblem = keys === undefined ? undefined : unstorableText(key as string);
      if (keyProblem) return { path: pathOf(container), problem: `has a key that ${keyProblem}` };
      const child = values[index];
      if (typeof child === 'string') {
        const problem = unstorableText(child);
        if (problem) return { path: pathOf(container, key), problem };
      } else if (typeof child === 'object' && child !== null && !ArrayBuffer.isView(child)) {
        stack.push({ value: child, depth: container.depth + 1, parent: container, key });
      }
    }
  }
  return undefined;
}

/** `tags[0].value`: the notation MLflow's and Plinth's messages use for a field. */
function pathOf(container: Container, last?: string | number): string {
  const keys: (string | number)[] = last === undefined ? [] : [last];
  for (let at: Container | undefined = container; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
  return keys.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`), '');
}

const PLACES = { params: 'the URL path', query: 'the query string', body: 'the request body' } as const;

/**
 * Refuses, for every route, a request whose path parameters, query or parsed body hold text no store
 * can keep or nesting no handler should walk: one 400 in the route's error shape, naming the field,
 * instead of a database error (500) deep inside a handler. Also refuses a path or query parameter that
 * the schema coerced to a non-finite number: Ajv turns `?max_results=Infinity` and `/promotions/Infinity`
 * into Infinity, and its minimum and maximum let that through.
 */
export function installStorableInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const place of ['params', 'query', 'body'] as const) {
      const problem = findUnstorableInput(request[place]);
      if (problem) throw new ServiceError('invalid', describe(problem, PLACES[place]));
    }
  });
  app.addHook('preHandler', async (request) => {
    for (const place of ['params', 'query'] as const) {
      for (const [name, value] of Object.entries((request[place] ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new ServiceError('invalid', `Invalid value for '${name}' in ${PLACES[place]}: ${value} is not a finite number`);
        }
      }
    }
  });
}

function describe({ path, problem }: InputProblem, place: string): string {
  const what = path === '' ? `The value of ${place}` : `Invalid value for '${path}' in ${place}: it`;
  return `${what} ${problem}, which cannot be stored; remove it`;
}
