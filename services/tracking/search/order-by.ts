import { ServiceError } from '../../kit/server/errors';
import { lex } from './filter-lexer';
import { type Entity, parseIdentifier } from './filter';

export interface OrderBy {
  readonly entity: Entity;
  readonly key: string;
  readonly ascending: boolean;
}

/** Each clause is a subquery per searched row; no client sorts on more than a few keys. */
export const MAX_ORDER_BY_CLAUSES = 20;

/** `metrics.acc DESC`, `attributes.start_time`, `name ASC`: MLflow's order_by clauses. */
export function parseOrderBy(clause: string): OrderBy {
  const tokens = lex(clause, 'order_by clause');
  const [field, direction, extra] = tokens;
  const invalid = () => new ServiceError('invalid', `Invalid order_by clause '${clause}'. Could not be parsed.`);
  if (field?.type !== 'identifier' || extra !== undefined) throw invalid();
  if (direction !== undefined && !(direction.type === 'keyword' && (direction.text === 'ASC' || direction.text === 'DESC'))) {
    throw new ServiceError('invalid', `Invalid ordering key in order_by clause '${clause}'.`);
  }
  return { ...parseIdentifier(field.text), ascending: direction?.text !== 'DESC' };
}
