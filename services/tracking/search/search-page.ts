import { ServiceError } from '../../kit/server/errors';
import type { Queryable } from '../../kit/database/database';
import { decodePageToken, type Page, toPage } from '../mlflow/page-token';
import { parseFilter } from './filter';
import { MAX_ORDER_BY_CLAUSES, parseOrderBy } from './order-by';
import { compileFilter, compileOrderBy, type SearchableFields } from './sql-filter';
import { SqlParams } from './sql-params';

/** What one kind of search reads. */
export interface SearchSource {
  /** The table searched, e.g. `runs`. */
  readonly table: string;
  /** Its alias, which `fields`, `conditions` and `tiebreak` use, e.g. `r`. */
  readonly alias: string;
  readonly fields: SearchableFields;
  /**
   * Conditions every result meets, with `$1`… placeholders for `params`.
   * @default - none
   */
  readonly conditions?: readonly string[];
  /** @default - none */
  readonly params?: readonly unknown[];
  /** Ordering after the client's order_by, so that pages never overlap or skip. */
  readonly tiebreak: readonly string[];
}

/** The parameters every MLflow search takes. */
export interface SearchRequest {
  readonly filter?: string;
  readonly order_by?: readonly string[];
  readonly max_results: number;
  readonly page_token?: string;
}

/** One page of an MLflow search: filter and order_by compiled to SQL, paged with MLflow's tokens. */
export async function searchPage<Row>(db: Queryable, source: SearchSource, request: SearchRequest): Promise<Page<Row>> {
  const offset = decodePageToken(request.page_token);
  const params = new SqlParams(source.params);
  const where = ['TRUE', ...(source.conditions ?? []), ...compileFilter(parseFilter(request.filter), source.fields, params)];
  const orderBy = request.order_by ?? [];
  if (orderBy.length > MAX_ORDER_BY_CLAUSES) {
    throw new ServiceError('invalid', `Invalid order_by: ${orderBy.length} clauses; at most ${MAX_ORDER_BY_CLAUSES} are allowed`);
  }
  const order = [...compileOrderBy(orderBy.map(parseOrderBy), source.fields, params), ...source.tiebreak];
  const rows = await db.query<Row>(
    `SELECT ${source.alias}.* FROM ${source.table} ${source.alias} WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}
     LIMIT ${params.add(request.max_results + 1)} OFFSET ${params.add(offset)}`,
    params.values,
  );
  return toPage(rows, offset, request.max_results);
}
