import { parseFilter } from '../../../services/tracking/search/filter';
import { parseOrderBy } from '../../../services/tracking/search/order-by';
import { compileFilter, MAX_SEMI_JOINS, type SearchableFields } from '../../../services/tracking/search/sql-filter';
import { SqlParams } from '../../../services/tracking/search/sql-params';

describe('MLflow search filters', () => {
  it('parses the subset MLflow clients send, with every prefix alias and quoting style', () => {
    expect(parseFilter("metrics.acc > 0.8 and params.p = 'a' AND tags.t LIKE '%x%' and attributes.status = \"FINISHED\"")).toEqual([
      { entity: 'metric', key: 'acc', comparator: '>', value: 0.8 },
      { entity: 'parameter', key: 'p', comparator: '=', value: 'a' },
      { entity: 'tag', key: 't', comparator: 'LIKE', value: '%x%' },
      { entity: 'attribute', key: 'status', comparator: '=', value: 'FINISHED' },
    ]);
    expect(parseFilter("metric.`f1 score` <= -1e-3 and param.\"batch size\" != '32' and tags.mlflow.runName ILIKE 'A%'")).toEqual([
      { entity: 'metric', key: 'f1 score', comparator: '<=', value: -0.001 },
      { entity: 'parameter', key: 'batch size', comparator: '!=', value: '32' },
      { entity: 'tag', key: 'mlflow.runName', comparator: 'ILIKE', value: 'A%' },
    ]);
    expect(parseFilter("run_id IN ('a', 'b') and attr.run_id NOT IN ('c')")).toEqual([
      { entity: 'attribute', key: 'run_id', comparator: 'IN', value: ['a', 'b'] },
      { entity: 'attribute', key: 'run_id', comparator: 'NOT IN', value: ['c'] },
    ]);
    expect(parseFilter("name = 'it''s'")).toEqual([{ entity: 'attribute', key: 'name', comparator: '=', value: "it's" }]);
    expect(parseFilter('  ')).toEqual([]);
  });

  it.each([
    ['metrics.a > 1 OR metrics.b > 2', 'only AND may join comparisons'],
    ['metrics.a >', 'expected a quoted string or a number'],
    ["params.p = 'open", 'unterminated string'],
    ["weird.p = 'x'", "Invalid entity type 'weird'"],
    ["run_id IN 'a'", 'expected ( after IN'],
  ])('refuses %j', (filter, message) => {
    expect(() => parseFilter(filter)).toThrow(message);
  });

  it('parses order_by clauses', () => {
    expect(parseOrderBy('metrics.`val loss` DESC')).toEqual({ entity: 'metric', key: 'val loss', ascending: false });
    expect(parseOrderBy('name')).toEqual({ entity: 'attribute', key: 'name', ascending: true });
    expect(() => parseOrderBy('name upward')).toThrow("Invalid ordering key in order_by clause 'name upward'");
  });

  it('compiles to parameterised SQL and checks comparators and value types per field', () => {
    const fields: SearchableFields = {
      attributes: { status: { sql: 'r.status', type: 'string' }, start_time: { sql: 'r.start_time', type: 'number' } },
      keyed: { metric: { type: 'number', table: 'latest_metrics', match: 'x.run_id = r.run_id' } },
    };
    const params = new SqlParams();
    const sql = compileFilter(parseFilter("metrics.acc >= 0.5 and status = 'x; DROP TABLE runs' and start_time < 10"), fields, params);
    expect(sql).toEqual([
      "EXISTS (SELECT 1 FROM latest_metrics x WHERE x.run_id = r.run_id AND x.key = $1 AND (x.value)::float8 <> 'NaN' AND (x.value)::float8 >= $2)",
      'r.status = $3',
      "(r.start_time)::float8 <> 'NaN' AND (r.start_time)::float8 < $4",
    ]);
    expect(params.values).toEqual(['acc', 0.5, 'x; DROP TABLE runs', 10]);
    expect(() => compileFilter(parseFilter("metrics.acc = 'high'"), fields, new SqlParams())).toThrow('Expected numeric value type for metric');
    expect(() => compileFilter(parseFilter('status > 3'), fields, new SqlParams())).toThrow("Invalid comparator '>'");
    expect(() => compileFilter(parseFilter("colour = 'red'"), fields, new SqlParams())).toThrow("Invalid attribute key 'colour' specified. Valid keys are 'status', 'start_time'");
    expect(() => compileFilter(parseFilter("params.p = 'a'"), fields, new SqlParams())).toThrow("Invalid search expression type 'parameter'");
  });

  it('bounds what one filter may cost: 20 comparisons, 20,000 characters; past 8 keyed ones, each is a subplan', () => {
    const comparisons = (count: number) => Array.from({ length: count }, (_, i) => `params.p${i} = 'x'`).join(' AND ');
    const fields: SearchableFields = { attributes: {}, keyed: { parameter: { type: 'string', table: 'params', match: 'x.run_id = r.run_id' } } };
    expect(compileFilter(parseFilter(comparisons(MAX_SEMI_JOINS)), fields, new SqlParams()).filter((sql) => sql.endsWith('OFFSET 0)'))).toEqual([]);
    expect(compileFilter(parseFilter(comparisons(20)), fields, new SqlParams()).every((sql) => sql.endsWith('OFFSET 0)'))).toBe(true);
    expect(() => parseFilter(comparisons(21))).toThrow('Invalid filter: more than 20 comparisons; at most 20 are allowed');
    expect(() => parseFilter(`params.p IN (${Array(3000).fill("'value'").join(', ')})`)).toThrow('Invalid filter: it has 27012 characters; at most 20000 are allowed');
  });
});
