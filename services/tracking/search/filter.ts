import { ServiceError } from '../../kit/server/errors';
import { lex, type Token } from './filter-lexer';

export type Entity = 'metric' | 'parameter' | 'tag' | 'attribute' | 'dataset' | 'metadata';
export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

/** `metrics.acc > 0.8` as `{entity: 'metric', key: 'acc', comparator: '>', value: 0.8}`. */
export interface Comparison {
  readonly entity: Entity;
  readonly key: string;
  readonly comparator: Comparator;
  readonly value: string | number | readonly string[];
}

/**
 * What one filter may cost: each comparison is a subquery per searched row (past 4 of them, an index
 * lookup per row each: 20 take seconds on an experiment of 25 000 runs), and a filter is parsed and
 * planned on every page. Above what a person or MLflow's UI writes.
 */
export const FILTER_LIMITS = { comparisons: 20, characters: 20_000 } as const;

/** MLflow's entity prefixes and their aliases (mlflow/utils/search_utils.py). */
const ENTITY_PREFIXES: Record<string, Entity> = {
  metric: 'metric',
  metrics: 'metric',
  parameter: 'parameter',
  parameters: 'parameter',
  param: 'parameter',
  params: 'parameter',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
  // Trace searches (MLflow 3): `trace.status`, `metadata.mlflow.sourceRun`.
  trace: 'attribute',
  metadata: 'metadata',
  request_metadata: 'metadata',
};

function unquote(part: string): string {
  return /^(`[^`]*`|"[^"]*")$/.test(part) ? part.slice(1, -1) : part;
}

/** `metrics.\`f1 score\`` → metric `f1 score`; a name without prefix is an attribute. */
export function parseIdentifier(text: string): { entity: Entity; key: string } {
  const dot = /^(`[^`]*`|"[^"]*"|[^.]*)\.(.*)$/s.exec(text);
  if (!dot) return { entity: 'attribute', key: unquote(text) };
  const prefix = unquote(dot[1]!);
  const entity = ENTITY_PREFIXES[prefix];
  if (!entity) {
    throw new ServiceError('invalid', `Invalid entity type '${prefix}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`);
  }
  return { entity, key: unquote(dot[2]!) };
}

/**
 * Parses the subset of MLflow's filter grammar that its clients use: comparisons joined by AND,
 * `=`, `!=`, `<`, `<=`, `>`, `>=`, `LIKE`, `ILIKE`, `IN (...)`, `NOT IN (...)`. Which comparisons
 * fit which field is checked where the filter is compiled (sql-filter.ts).
 */
export function parseFilter(filter: string | undefined): Comparison[] {
  if (!filter || filter.trim() === '') return [];
  if (filter.length > FILTER_LIMITS.characters) {
    throw new ServiceError('invalid', `Invalid filter: it has ${filter.length} characters; at most ${FILTER_LIMITS.characters} are allowed`);
  }
  const tokens = lex(filter, 'filter');
  const comparisons: Comparison[] = [];
  let position = 0;
  const fail = (why: string): never => {
    throw new ServiceError('invalid', `Invalid filter '${filter}': ${why}`);
  };
  const next = (): Token | undefined => tokens[position++];
  for (;;) {
    const identifier = next();
    if (identifier?.type !== 'identifier') fail(`expected a field such as metrics.<key>, found ${describe(identifier)}`);
    const { entity, key } = parseIdentifier((identifier as { text: string }).text);
    const comparator = readComparator(next, () => tokens[position], fail);
    if (comparator === 'NOT IN') position++;
    const value = comparator === 'IN' || comparator === 'NOT IN' ? readList(next, fail) : readValue(next(), fail);
    comparisons.push({ entity, key, comparator, value });
    if (comparisons.length > FILTER_LIMITS.comparisons) {
      throw new ServiceError('invalid', `Invalid filter: more than ${FILTER_LIMITS.comparisons} comparisons; at most ${FILTER_LIMITS.comparisons} are allowed (IN (...) tests many values in one)`);
    }
    const joiner = next();
    if (joiner === undefined) return comparisons;
    if (joiner.type !== 'keyword' || joiner.text !== 'AND') fail(`only AND may join comparisons, found ${describe(joiner)}`);
  }
}

function readComparator(next: () => Token | undefined, peek: () => Token | undefined, fail: (why: string) => never): Comparator {
  const token = next();
  if (token?.type === 'operator') return token.text as Comparator;
  if (token?.type === 'keyword' && (token.text === 'LIKE' || token.text === 'ILIKE' || token.text === 'IN')) return token.text;
  if (token?.type === 'keyword' && token.text === 'NOT' && peek()?.type === 'keyword' && (peek() as { text: string }).text === 'IN') return 'NOT IN';
  return fail(`expected a comparison operator, found ${describe(token)}`);
}

function readValue(token: Token | undefined, fail: (why: string) => never): string | number {
  if (token?.type === 'string') return token.value;
  if (token?.type === 'number') return Number(token.text);
  return fail(`expected a quoted string or a number, found ${describe(token)}`);
}

function readList(next: () => Token | undefined, fail: (why: string) => never): string[] {
  if (next()?.type !== 'punctuation') fail('expected ( after IN');
  const values: string[] = [];
  for (;;) {
    const token = next();
    if (token?.type !== 'string') fail(`expected a quoted string in the IN list, found ${describe(token)}`);
    values.push((token as { value: string }).value);
    const separator = next();
    if (separator?.type === 'punctuation' && separator.text === ')') return values;
    if (separator?.type !== 'punctuation' || separator.text !== ',') fail(`expected , or ) in the IN list, found ${describe(separator)}`);
  }
}

function describe(token: Token | undefined): string {
  if (token === undefined) return 'the end of the filter';
  return token.type === 'string' ? `'${token.value}'` : `'${token.text}'`;
}
