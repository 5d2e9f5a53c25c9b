import { ServiceError } from '../../kit/server/errors';
import type { Comparison, Entity } from './filter';
import type { OrderBy } from './order-by';
import type { SqlParams } from './sql-params';

export type FieldType = 'string' | 'number';

/** A column of the searched row (`attributes.status`, `name`). */
export interface AttributeField {
  readonly sql: string;
  readonly type: FieldType;
}

/** Key-value rows beside the searched row (metrics, params, tags): `table` aliased `x`, joined by `match`. */
export interface KeyedField {
  readonly type: FieldType;
  readonly table: string;
  /** SQL tying `x` to the searched row, e.g. `x.run_id = r.run_id`. */
  readonly match: string;
  /**
   * Whether `!=` also matches rows without the key, as MLflow's model registry does (MLflow 3's
   * client hides prompts from model searches with ``tag.`mlflow.prompt.is_prompt` != 'true'``).
   * @default false - `!=` needs the key with another value, as in run searches
   */
  readonly notEqualMatchesMissing?: boolean;
}

/** What one kind of search (runs, experiments, models, versions) can filter and order on. */
export interface SearchableFields {
  readonly attributes: Readonly<Record<string, AttributeField>>;
  readonly keyed: Partial<Readonly<Record<Entity, KeyedField>>>;
}

const NUMERIC_COMPARATORS = new Set(['=', '!=', '>', '>=', '<', '<=']);
const STRING_COMPARATORS = new Set(['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN']);

/**
 * Up to this many key-value comparisons, PostgreSQL turns each EXISTS into a semi-join: fast to run on
 * a large experiment, but the planner's search over join orders grows steeply with their number
 * (4: 10 ms, 8: 0.3 s, 16: 1.5 s, 50: 13 s to plan on PostgreSQL 15; PGlite is slower still). Beyond
 * it, OFFSET 0 keeps each one a subplan: planned in linear time, one index lookup on (run_id, key) per
 * row. Typical filters name one to four keys.
 */
export const MAX_SEMI_JOINS = 4;

/** SQL conditions (to AND together) for parsed comparisons; values become parameters. */
export function compileFilter(comparisons: readonly Comparison[], fields: SearchableFields, params: SqlParams): string[] {
  const fence = comparisons.filter((comparison) => comparison.entity !== 'attribute').length > MAX_SEMI_JOINS ? ' OFFSET 0' : '';
  return comparisons.map((comparison) => {
    const { entity, key } = comparison;
    if (entity === 'attribute') {
      const attribute = fields.attributes[key];
      if (!attribute) throw unknownAttribute(key, fields);
      return predicate(attribute.sql, attribute.type, comparison, params);
    }
    const keyed = fields.keyed[entity];
    if (!keyed) throw new ServiceError('invalid', `Invalid search expression type '${entity}'`);
    if (keyed.notEqualMatchesMissing && comparison.comparator === '!=') {
      return `NOT EXISTS (SELECT 1 FROM ${keyed.table} x WHERE ${keyed.match} AND x.key = ${params.add(key)} AND ${predicate('x.value', keyed.type, { ...comparison, comparator: '=' }, params)}${fence})`;
    }
    return `EXISTS (SELECT 1 FROM ${keyed.table} x WHERE ${keyed.match} AND x.key = ${params.add(key)} AND ${predicate('x.value', keyed.type, comparison, params)}${fence})`;
  });
}

/** SQL ORDER BY terms; missing values sort last in both directions, as in MLflow. */
export function compileOrderBy(orderBy: readonly OrderBy[], fields: SearchableFields, params: SqlParams): string[] {
  return orderBy.map(({ entity, key, ascending }) => {
    const direction = ascending ? 'ASC NULLS LAST' : 'DESC NULLS LAST';
    if (entity === 'attribute') {
      const attribute = fields.attributes[key];
      if (!attribute) throw unknownAttribute(key, fields);
      return `${attribute.sql} ${direction}`;
    }
    const keyed = fields.keyed[entity];
    if (!keyed) throw new ServiceError('invalid', `Invalid order_by entity type '${entity}'`);
    return `(SELECT x.value FROM ${keyed.table} x WHERE ${keyed.match} AND x.key = ${params.add(key)}) ${direction}`;
  });
}

function predicate(column: string, type: FieldType, { entity, key, comparator, value }: Comparison, params: SqlParams): string {
  const field = entity === 'attribute' ? `attribute '${key}'` : entity;
  if (type === 'number') {
    if (!NUMERIC_COMPARATORS.has(comparator)) throw badComparator(comparator, NUMERIC_COMPARATORS);
    if (typeof value !== 'number') throw new ServiceError('invalid', `Expected numeric value type for ${field}. Found '${value}'`);
    // NaN is never above, below or equal to a threshold (PostgreSQL would sort it above every number).
    // Compared as a double, so that integer columns (timestamps) take fractional thresholds and the NaN test.
    const number = `(${column})::float8`;
    return `${number} <> 'NaN' AND ${number} ${sqlComparator(comparator)} ${params.add(value)}`;
  }
  if (!STRING_COMPARATORS.has(comparator)) throw badComparator(comparator, STRING_COMPARATORS);
  if (comparator === 'IN' || comparator === 'NOT IN') {
    if (!Array.isArray(value)) throw new ServiceError('invalid', `Expected a list of quoted strings after ${comparator} for ${field}`);
    return `${comparator === 'NOT IN' ? 'NOT ' : ''}(${column} = ANY(${params.add(value)}::text[]))`;
  }
  if (typeof value !== 'string') {
    throw new ServiceError('invalid', `Expected a quoted string value for ${field} (e.g. 'my-value'). Got value ${String(value)}`);
  }
  return `${column} ${sqlComparator(comparator)} ${params.add(value)}`;
}

function sqlComparator(comparator: string): string {
  return comparator === '!=' ? '<>' : comparator;
}

function badComparator(comparator: string, valid: ReadonlySet<string>): ServiceError {
  return new ServiceError('invalid', `Invalid comparator '${comparator}' not one of '{${[...valid].map((c) => `'${c}'`).join(', ')}}'`);
}

function unknownAttribute(key: string, fields: SearchableFields): ServiceError {
  return new ServiceError('invalid', `Invalid attribute key '${key}' specified. Valid keys are '${Object.keys(fields.attributes).join("', '")}'`);
}
