import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../../services/kit/clock';
import { type DriftServer, type DriftServerOptions, createDriftServer } from '../../../../services/drift/service/drift-server';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { startWebhookReceiver } from '../../../support/webhook-receiver';

const CITIES = ['a', 'b', 'c'];
const rows = (count: number, shift = 0) => Array.from({ length: count }, (_, i) => ({ x: (i % 100) + shift, city: CITIES[i % 3] }));
const csv = (data: readonly { x: number | string; city: string }[]) => `x,city\n${data.map((row) => `${row.x},${row.city}`).join('\n')}\n`;
/** Sleeps return at once: retries of the webhook do not slow the tests down. */
const instantClock: Clock = { now: () => new Date(), sleep: async () => undefined };
const silentLog = { write: () => undefined };

async function start(options: Partial<DriftServerOptions> = {}): Promise<{ server: DriftServer; base: string }> {
  const server = await createDriftServer({
    database: 'memory:',
    tokens: new TokenTable([]),
    monitor: { windowRows: 200, minWindowRows: 50, maxBatchRows: 100, maxReferenceRows: 1000 },
    maxBatchBytes: 64 * 1024,
    logStream: silentLog,
    clock: instantClock,
    ...options,
  });
  const base = await server.service.listen({ port: 0, host: '127.0.0.1' });
  return { server, base };
}

function send(base: string, method: string, path: string, body?: unknown, contentType = 'application/json', headers: Record<string, string> = {}) {
  const payload = body === undefined || typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body);
  return fetch(`${base}/api/drift${path}`, {
    method,
    headers: { ...(body === undefined || body instanceof FormData ? {} : { 'content-type': contentType }), ...headers },
    body: payload as BodyInit | undefined,
  });
}

describe('drift service over HTTP', () => {
  let server: DriftServer;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver([]);
    ({ server, base } = await start({ retraining: { webhook: { url: receiver.url } } }));
  }, 30_000);
  afterAll(async () => {
    await server.service.close();
    await receiver.close();
  });

  it('registers a reference from CSV and gives it back', async () => {
    const response = await send(base, 'POST', '/models/churn/reference', csv(rows(300)), 'text/csv');
    expect(response.status).toBe(201);
    const summary = await response.json();
    expect(summary).toMatchObject({ model: 'churn', rows: 300, columns: [{ name: 'x', type: 'numeric' }, { name: 'city', type: 'categorical' }] });
    expect(await (await send(base, 'GET', '/models/churn/reference')).json()).toEqual(summary);
  });

  it('registers a reference from JSON rows with options, and from a CSV form with the options file', async () => {
    const json = await send(base, 'POST', '/models/json-model/reference', { rows: rows(300), options: { columns: { x: { type: 'categorical' } }, drift_share: 0.9 } });
    expect(json.status).toBe(201);
    expect((await json.json()).columns[0]).toEqual({ name: 'x', type: 'categorical' });

    const form = new FormData();
    form.append('data', new Blob([csv(rows(300))], { type: 'text/csv' }), 'ref.csv');
    form.append('options', new Blob(['columns:\n  x: { stattest: wasserstein, threshold: 0.3 }\n']), 'cols.yaml');
    expect((await send(base, 'POST', '/models/form-model/reference', form)).status).toBe(201);
    const batch = await (await send(base, 'POST', '/models/form-model/batches', rows(60))).json();
    expect(batch.report.report.columns.x).toMatchObject({ stattest: 'wasserstein', threshold: 0.3 });
  });

  it('reports once the window is full enough, in JSON and in HTML', async () => {
    await send(base, 'POST', '/models/report-model/reference', csv(rows(300)), 'text/csv');
    const first = await send(base, 'POST', '/models/report-model/batches', rows(30));
    expect(await first.json()).toEqual({ model: 'report-model', accepted_rows: 30, window_rows: 30, rows_seen: 30 });
    const none = await send(base, 'GET', '/models/report-model/report');
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: { code: 'not-found', message: 'model "report-model": no report yet; one is computed once the window holds 50 rows' } });

    const second = await (await send(base, 'POST', '/models/report-model/batches', csv(rows(30)), 'text/csv')).json();
    expect(second).toMatchObject({ accepted_rows: 30, window_rows: 60, rows_seen: 60, report: { model: 'report-model', window_rows: 60 } });
    const latest = await send(base, 'GET', '/models/report-model/report');
    expect(latest.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await latest.json()).toEqual(second.report);

    for (const request of [send(base, 'GET', '/models/report-model/report?format=html'), send(base, 'GET', '/models/report-model/report', undefined, '', { accept: 'text/html,application/xhtml+xml' })]) {
      const page = await request;
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('Drift of model report-model: the newest 60 rows against the reference');
      expect(html.match(/<svg /g)).toHaveLength(2);
    }
  });

  it('triggers retraining when the dataset drifts, and exports the metrics', async () => {
    const requestsFor = (model: string) => receiver.requests.filter((request) => (request.body as { model: string }).model === model);
    await server.triggersSettled();
    await send(base, 'POST', '/models/drifting/reference', csv(rows(300)), 'text/csv');
    const stable = await (await send(base, 'POST', '/models/drifting/batches', rows(100))).json();
    expect(stable.report.report.dataset.drifted).toBe(false);
    await server.triggersSettled();
    expect(requestsFor('drifting')).toHaveLength(0);

    receiver.steps.push(503);
    const drifted = await (await send(base, 'POST', '/models/drifting/batches', rows(100, 60))).json();
    expect(drifted.report.report.dataset.drifted).toBe(true);
    await server.triggersSettled();

    // The receiver failed the first attempt (503); the retry carried the same key.
    expect(requestsFor('drifting').map((request) => request.body)).toEqual([
      expect.objectContaining({ model: 'drifting', reason: 'drift', report_id: drifted.report.id }),
      expect.objectContaining({ model: 'drifting', reason: 'drift', report_id: drifted.report.id }),
    ]);
    expect(new Set(requestsFor('drifting').map((request) => request.headers['idempotency-key'])).size).toBe(1);
    const { triggers } = await (await send(base, 'GET', '/models/drifting/triggers')).json();
    expect(triggers).toEqual([expect.objectContaining({ outcome: 'delivered', report_id: drifted.report.id, attempts: [expect.objectContaining({ status: 503 }), expect.objectContaining({ status: 204 })] })]);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('plinth_drift_rows_total{model="drifting"} 200');
    expect(metrics).toContain('plinth_dataset_drift_detected{model="drifting"} 1');
    expect(metrics).toContain('plinth_drift_detected{model="drifting",column="x"} 1');
    expect(metrics).toContain('plinth_drift_retraining_triggers_total{model="drifting",outcome="delivered"} 1');
  });

  describe('bad input: a 4xx JSON error naming what is wrong, and the service carries on', () => {
    beforeAll(async () => {
      await send(base, 'POST', '/models/strict/reference', csv(rows(300)), 'text/csv');
    });
    const big = 'x,city\n' + '1,a\n'.repeat(20_000);
    it.each<[string, string, string, unknown, string, number, string, RegExp]>([
      ['malformed JSON', 'POST', '/models/strict/batches', '{"rows": [', 'application/json', 400, 'invalid', /JSON/],
      ['an empty CSV', 'POST', '/models/strict/batches', '', 'text/csv', 400, 'invalid', /^model "strict", batch: no data/],
      ['a header mismatch', 'POST', '/models/strict/batches', 'x,town\n1,a\n', 'text/csv', 400, 'invalid', /column "city" of the reference is missing/],
      ['a word in a numeric column', 'POST', '/models/strict/batches', 'x,city\n1,a\nabc,b\n', 'text/csv', 400, 'invalid', /column "x", row 2 \(line 3\): "abc" is not a number/],
      ['a column with only NaN', 'POST', '/models/strict/batches', [{ x: 'NaN', city: 'a' }, { x: null, city: 'b' }], 'application/json', 400, 'invalid', /column "x", row 1 to row 2: no usable value/],
      ['a nested value', 'POST', '/models/strict/batches', [{ x: 1, city: ['a'] }], 'application/json', 400, 'invalid', /row 1, column "city": expected a number, a string, a boolean or null, found an array/],
      ['more rows than the batch limit', 'POST', '/models/strict/batches', rows(101), 'application/json', 413, 'too-large', /more than 100 rows \(the limit for a batch\)/],
      ['a body over the byte limit', 'POST', '/models/strict/batches', big, 'text/csv', 413, 'too-large', /Request body is too large/],
      ['a model without a reference', 'POST', '/models/nobody/batches', rows(1), 'application/json', 404, 'not-found', /^model "nobody": no reference registered/],
      ['an invalid model name', 'GET', '/models/bad%20name/report', undefined, '', 400, 'invalid', /^model "bad name": not a valid model name/],
      ['an unsupported content type', 'POST', '/models/strict/batches', '<rows/>', 'application/xml', 415, 'unsupported-media-type', /Unsupported Media Type 'application\/xml'/],
      ['an unknown key in the body', 'POST', '/models/strict/batches', { rows: rows(1), options: {} }, 'application/json', 400, 'invalid', /unknown key "options" in the body; allowed: rows/],
      ['invalid options', 'POST', '/models/strict/reference', { rows: rows(10), options: { columns: { x: { stattest: 'kss' } } } }, 'application/json', 400, 'invalid', /columns\.x\.stattest: found "kss" \(did you mean "ks"\?\)/],
      ['a test that does not fit', 'POST', '/models/strict/reference', { rows: rows(10), options: { columns: { city: { stattest: 'ks' } } } }, 'application/json', 400, 'invalid', /column "city": test "ks" applies to numeric columns/],
      ['an unknown report format', 'GET', '/models/strict/report?format=pdf', undefined, '', 400, 'invalid', /format/],
    ])('%s', async (_, method, path, body, contentType, status, code, message) => {
      const response = await send(base, method, path, body, contentType);
      expect(response.status).toBe(status);
      const error = (await response.json()) as { error: { code: string; message: string } };
      expect(error.error.code).toBe(code);
      expect(error.error.message).toMatch(message);
      const next = await send(base, 'POST', '/models/strict/batches', rows(1));
      expect(next.status).toBe(200);
    });

    it('refuses a form part it does not know, or twice', async () => {
      const form = new FormData();
      form.append('data', new Blob(['x,city\n1,a\n']), 'batch.csv');
      form.append('options', new Blob(['{}']), 'cols.yaml');
      const response = await send(base, 'POST', '/models/strict/batches', form);
      expect(response.status).toBe(400);
      expect((await response.json()).error.message).toBe('unknown form part "options"; allowed: data');

      const twice = new FormData();
      twice.append('data', new Blob(['x,city\n1,a\n']), 'a.csv');
      twice.append('data', new Blob(['x,city\n2,b\n']), 'b.csv');
      const repeated = await send(base, 'POST', '/models/strict/batches', twice);
      expect(repeated.status).toBe(400);
      expect((await repeated.json()).error.message).toBe('the form has two "data" parts');
    });
  });
});

describe('drift service: authentication, persistence', () => {
  it('asks for a write token to upload, and lets a read token read', async () => {
    const tokens = TokenTable.parse('ci:write-secret:write,grafana:read-secret:read', 'test');
    const { server, base } = await start({ tokens });
    try {
      expect((await send(base, 'POST', '/models/m/reference', csv(rows(10)), 'text/csv')).status).toBe(401);
      expect((await send(base, 'POST', '/models/m/reference', csv(rows(10)), 'text/csv', { authorization: 'Bearer read-secret' })).status).toBe(403);
      expect((await send(base, 'POST', '/models/m/reference', csv(rows(10)), 'text/csv', { authorization: 'Bearer write-secret' })).status).toBe(201);
      expect((await send(base, 'GET', '/models/m/reference', undefined, '', { authorization: 'Bearer read-secret' })).status).toBe(200);
      expect((await fetch(`${base}/metrics`)).status).toBe(200);
    } finally {
      await server.service.close();
    }
  }, 30_000);

  it('keeps references, windows and reports across a restart, and exports the last report again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-drift-db-'));
    try {
      const first = await start({ database: dir });
      await send(first.base, 'POST', '/models/churn/reference', csv(rows(300)), 'text/csv');
      const batch = await (await send(first.base, 'POST', '/models/churn/batches', rows(60, 60))).json();
      await first.server.service.close();

      const second = await start({ database: dir });
      try {
        expect(await (await send(second.base, 'GET', '/models/churn/report')).json()).toEqual(batch.report);
        const metrics = await (await fetch(`${second.base}/metrics`)).text();
        expect(metrics).toContain(`plinth_dataset_drift_share{model="churn"} ${batch.report.report.dataset.drifted_share}`);
        const next = await (await send(second.base, 'POST', '/models/churn/batches', rows(10))).json();
        expect(next).toMatchObject({ window_rows: 70, rows_seen: 70 });
      } finally {
        await second.server.service.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
