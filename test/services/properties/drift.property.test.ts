import fc from 'fast-check';
import { createDriftServer, type DriftServer } from '../../../services/drift/service/drift-server';
import { TokenTable } from '../../../services/kit/server/tokens';
import { hostileString, hostileValue, toJsonText } from './support/hostile-input';
import { call, type FuzzedRoute, hostileRequest, nested, recordRoutes, send, type Sent } from './support/hostile-requests';

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
    // Starting the embedded store takes seconds, and much longer on a machine busy with other tests.
  }, 180_000);
  afterAll(() => server?.service.close());

  describe('inputs that were 5xx are 4xx in Plinth’s error shape', () => {
    const api = '/api/drift/models';
    const tinyReference = `x,city\n${Array.from({ length: 30 }, (_, i) => `${i},${'abc'[i % 3]}`).join('\n')}\n`;
    const form = (contentType: string, body: string) => ({ contentType, body });
    const part = (name: string, text: string) => `--b\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\n\r\n${text}\r\n`;

    it('serves model names of 101 to 128 characters, and refuses longer ones in its own shape', async () => {
      expect((await call(base, `${api}/${'m'.repeat(128)}/reference`, { contentType: 'text/csv', body: tinyReference })).status).toBe(201);
      const tooLong = await call(base, `${api}/${'m'.repeat(129)}/reference`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.json()).toEqual({ error: { code: 'invalid', message: expect.stringContaining('not a valid model name') } });
      const farTooLong = await call(base, `${api}/${'m'.repeat(2000)}/reference`);
      expect(farTooLong.status).toBe(400);
      expect(farTooLong.json()).toEqual({ error: { code: 'invalid', message: 'A segment of the URL path is too long: at most 1024 characters' } });
    });

    it.each<[string, Sent, string]>([
      ['a categorical value with NUL', { body: '[{"x":1,"city":"a\\u0000"},{"x":2,"city":"b"}]' }, "Invalid value for '[0].city' in the request body: it contains a NUL character"],
      ['a categorical value with a lone surrogate', { body: '{"rows":[{"x":1,"city":"\\udfff"}]}' }, "Invalid value for 'rows[0].city' in the request body: it contains a lone UTF-16 surrogate"],
      ['CSV with NUL', { contentType: 'text/csv', body: 'x,city\n1,a\u0000\n' }, 'The value of the request body contains a NUL character'],
      ['a form whose boundary is not the header’s', form('multipart/form-data; boundary=other', `${part('data', tinyReference)}--b--\r\n`), 'malformed multipart/form-data body'],
      ['a form without a boundary', form('multipart/form-data', `${part('data', tinyReference)}--b--\r\n`), 'malformed multipart/form-data body: Multipart: Boundary not found'],
      ['a form cut short', form('multipart/form-data; boundary=b', part('data', tinyReference)), 'malformed multipart/form-data body'],
      [
        'a YAML alias bomb in the options',
        form('multipart/form-data; boundary=b', `${part('data', tinyReference)}${part('options', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n')}--b--\r\n`),
        'options: too many YAML aliases (at most 100 expansions)',
      ],
      ['JSON nested 5000 deep', { body: nested(5000) }, 'is nested more than 64 levels deep'],
    ])('%s: 400', async (_, sent, message) => {
      const response = await call(base, `${api}/hostile/reference`, sent);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error: { code: 'invalid', message: expect.stringContaining(message) } });
    });

    it('answers 415 for a content type it does not read, and keeps serving', async () => {
      const response = await call(base, `${api}/hostile/reference`, { contentType: 'text/plain', body: tinyReference });
      expect(response.status).toBe(415);
      expect(response.json()).toEqual({ error: { code: 'unsupported-media-type', message: "Unsupported Media Type 'text/plain' for POST /api/drift/models/hostile/reference" } });
      expect((await call(base, '/healthz')).status).toBe(200);
    });
  });

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
