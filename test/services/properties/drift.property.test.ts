import fc from 'fast-check';
import { createDriftServer, type DriftServer } from '../../../services/drift/service/drift-server';
import { TokenTable } from '../../../services/kit/server/tokens';
import { hostileString, hostileValue, toJsonText } from './support/hostile-input';
import { type FuzzedRoute, hostileRequest, recordRoutes, send } from './support/hostile-requests';

/** Requests per route: bounded so that the file stays well under a minute on a loaded 2-core machine. */
const RUNS_PER_ROUTE = 25;
const MODEL = 'churn';
const KNOWN = [MODEL, 'x', 'city', 'ks', 'numeric'];

const cell = fc.oneof(hostileValue(KNOWN), fc.integer({ min: 0, max: 100 }));
const csvCell = fc.oneof(hostileString, fc.integer().map(String), fc.constantFrom('"', '""', '"a,b"', '\r', '\n'));
const csv = fc.array(fc.tuple(csvCell, csvCell), { maxLength: 6 }).map((lines) => `x,city\n${lines.map(([x, city]) => `${x},${city}`).join('\n')}\n`);
const optionsYaml = fc.oneof(
  fc.constantFrom(
    'columns: {x: {stattest: ks}}',
    'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
    '{{{{',
    'columns: !!binary AAAA',
  ),
  hostileString,
);

/** A multipart body with `parts`, sometimes cut short or with a boundary other than the header's. */
const form = fc
  .record({
    parts: fc.array(fc.tuple(fc.oneof(fc.constantFrom('data', 'options'), hostileString), fc.oneof(csv, optionsYaml)), { maxLength: 3 }),
    boundary: fc.constantFrom('zz', 'yy', ''),
    cut: fc.nat({ max: 200 }),
  })
  .map(({ parts, boundary, cut }) => {
    const body = `${parts.map(([name, text]) => `--zz\r\nContent-Disposition: form-data; name="${name}"; filename="f"\r\n\r\n${text}\r\n`).join('')}--zz--\r\n`;
    return { contentType: `multipart/form-data${boundary === '' ? '' : `; boundary=${boundary}`}`, body: cut === 0 ? body : body.slice(0, Math.max(0, body.length - cut)) };
  });

/** Every body the drift routes take (CSV, row arrays, `{rows, options}`, forms), filled with hostile values. */
const driftBodies = fc.oneof(
  csv.map((body) => ({ contentType: 'text/csv', body })),
  fc.array(fc.record({ x: cell, city: cell }, { requiredKeys: [] }), { maxLength: 5 }).map((rows) => ({ contentType: 'application/json', body: toJsonText(rows) })),
  fc.record({ rows: fc.array(fc.record({ x: cell, city: cell }), { maxLength: 3 }), options: hostileValue(KNOWN) }).map((body) => ({ contentType: 'application/json', body: toJsonText(body) })),
  form,
);

describe('drift: no 5xx for any input, and the service keeps serving', () => {
  let server: DriftServer;
  let base: string;
  let routes: FuzzedRoute[];
  const errors: string[] = [];
  beforeAll(async () => {
    server = await createDriftServer({
      database: 'memory:',
      tokens: new TokenTable([]),
      monitor: { windowRows: 50, minWindowRows: 5, maxBatchRows: 50, maxReferenceRows: 1000 },
      logLevel: 'error',
      logStream: { write: (line) => void (line.includes('"level":50') && errors.push(line)) },
    });
    routes = recordRoutes(server.service.app);
    base = await server.service.listen({ port: 0, host: '127.0.0.1' });
    const reference = `x,city\n${Array.from({ length: 40 }, (_, i) => `${i},${['a', 'b', 'c'][i % 3]}`).join('\n')}\n`;
    expect((await fetch(`${base}/api/drift/models/${MODEL}/reference`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: reference })).status).toBe(201);
  });
  afterAll(() => server?.service.close());

  it('hostile model names, queries, content types, CSV, JSON rows, options and forms on every route', async () => {
    expect(routes.filter((route) => route.url.startsWith('/api/drift/')).length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(hostileRequest(route, { knownStrings: KNOWN, extraBodies: driftBodies }), async (request) => {
          const { status, text } = await send(base, request);
          if (status >= 500) throw new Error(`${route.method} ${route.url}: ${status} ${text}\n${errors.at(-1) ?? ''}`);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/drift/models/${MODEL}/reference`)).status).toBe(200);
  }, 120_000);
});
