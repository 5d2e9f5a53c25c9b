import type { FastifyInstance } from 'fastify';
import { registerApiFamily } from '../../../services/kit/server/api-family';
import { createService, type Service } from '../../../services/kit/server/create-service';
import { ServiceError } from '../../../services/kit/server/errors';
import { TokenTable } from '../../../services/kit/server/tokens';

const READ_TOKEN = 'read-token-8f3a1c';
const WRITE_TOKEN = 'write-token-2b7e99';

const FAMILY_STATUS: Partial<Record<string, number>> = { unauthenticated: 401, forbidden: 403, 'not-found': 404 };

/** A service with one API family whose errors are `{"oops": "<kind>"}`, and the log lines it wrote. */
async function start(tokens: TokenTable, bodyLimit?: number): Promise<{ service: Service; url: string; logs: string[] }> {
  const logs: string[] = [];
  const service = createService({ tokens, bodyLimit, logStream: { write: (line) => void logs.push(line) } });
  let ready = true;
  service.app.decorate('setReady', (value: boolean) => (ready = value));
  registerApiFamily(service.app, {
    prefix: '/api/things',
    errorMapper: { map: (error) => ({ statusCode: FAMILY_STATUS[error.kind] ?? 418, body: { oops: error.kind, why: error.message } }) },
    plugins: [
      async (app: FastifyInstance) => {
        app.get('/list', async () => ({ things: [] }));
        app.post('/search', { config: { access: 'read' } }, async () => ({ found: 0 }));
        app.post('/create', { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } }, async () => ({ created: true }));
        app.get('/missing', async () => {
          throw new ServiceError('not-found', 'no such thing');
        });
        app.get('/crash', async () => {
          throw new Error('database password is hunter2');
        });
        app.get('/ready-flag', async () => ready);
        app.get('/named/:name', async (request) => request.params);
      },
    ],
  });
  const url = await service.listen({ port: 0, host: '127.0.0.1' });
  return { service, url, logs };
}

function call(url: string, path: string, init: { method?: string; token?: string; body?: string } = {}) {
  return fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.body,
  });
}

describe('service kit', () => {
  describe('with tokens', () => {
    let service: Service;
    let url: string;
    let logs: string[];
    beforeAll(async () => {
      ({ service, url, logs } = await start(TokenTable.parse(`reader:${READ_TOKEN}:read,writer:${WRITE_TOKEN}:write`, 'test')));
    });
    afterAll(() => service.close());

    it('refuses a missing or unknown token with 401, a read token on a write route with 403, in the family’s error shape', async () => {
      const missing = await call(url, '/api/things/list');
      expect(missing.status).toBe(401);
      expect(await missing.json()).toEqual({ oops: 'unauthenticated', why: expect.stringContaining('Authorization: Bearer') });
      expect((await call(url, '/api/things/list', { token: 'wrong' })).status).toBe(401);
      expect((await call(url, '/api/things/list', { token: READ_TOKEN })).status).toBe(200);
      expect((await call(url, '/api/things/search', { method: 'POST', token: READ_TOKEN, body: '{}' })).status).toBe(200);
      const forbidden = await call(url, '/api/things/create', { method: 'POST', token: READ_TOKEN, body: '{"name": "x"}' });
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toEqual({ oops: 'forbidden', why: "Permission denied: token 'reader' has the read role; this needs write" });
      expect((await call(url, '/api/things/create', { method: 'POST', token: WRITE_TOKEN, body: '{"name": "x"}' })).status).toBe(200);
    });

    it('needs no token for /healthz, /readyz and /metrics; other kit routes answer in Plinth’s shape', async () => {
      expect(await (await call(url, '/healthz')).json()).toEqual({ status: 'ok' });
      expect(await (await call(url, '/readyz')).json()).toEqual({ status: 'ready' });
      expect((await call(url, '/metrics')).status).toBe(200);
      const unknown = await call(url, '/nowhere', { token: READ_TOKEN });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ error: { code: 'no-route', message: 'No endpoint GET /nowhere' } });
    });

    it('maps schema failures, bad JSON and handler errors to 4xx, and hides internal errors', async () => {
      const invalid = await call(url, '/api/things/create', { method: 'POST', token: WRITE_TOKEN, body: '{}' });
      expect([invalid.status, (await invalid.json()).oops]).toEqual([418, 'invalid']);
      const malformed = await call(url, '/api/things/create', { method: 'POST', token: WRITE_TOKEN, body: '{"name": ' });
      expect([malformed.status, (await malformed.json()).oops]).toEqual([418, 'invalid']);
      expect(await (await call(url, '/api/things/missing', { token: READ_TOKEN })).json()).toEqual({ oops: 'not-found', why: 'no such thing' });
      const crash = await call(url, '/api/things/crash', { token: READ_TOKEN });
      const body = await crash.json();
      expect(body.oops).toBe('internal');
      expect(JSON.stringify(body)).not.toContain('hunter2');
    });

    it('gives Fastify’s own refusals the family’s shape and HTTP’s status, found before or after routing', async () => {
      const kindOf = async (response: Response) => [response.status, ((await response.json()) as { oops: string }).oops];
      const unsupported = await fetch(`${url}/api/things/create`, { method: 'POST', headers: { authorization: `Bearer ${WRITE_TOKEN}`, 'content-type': 'text/plain' }, body: '{"name": "x"}' });
      expect(await kindOf(unsupported)).toEqual([418, 'unsupported-media-type']);
      expect(await kindOf(await call(url, `/api/things/named/${'n'.repeat(1025)}`, { token: READ_TOKEN }))).toEqual([418, 'invalid']);
      expect(await kindOf(await call(url, '/api/things/named/%zz', { token: READ_TOKEN }))).toEqual([418, 'invalid']);
      expect((await call(url, `/api/things/named/${'n'.repeat(1024)}`, { token: READ_TOKEN })).status).toBe(200);
      const outside = await call(url, `/elsewhere/%zz`);
      expect([outside.status, await outside.json()]).toEqual([400, { error: { code: 'invalid', message: 'The URL path is not valid percent-encoded UTF-8' } }]);
      const nul = await call(url, '/api/things/create', { method: 'POST', token: WRITE_TOKEN, body: '{"name": "\\u0000"}' });
      expect([nul.status, await nul.json()]).toEqual([418, { oops: 'invalid', why: "Invalid value for 'name' in the request body: it contains a NUL character (\\u0000), which cannot be stored; remove it" }]);
    });

    it('counts requests and times them by route pattern and status, with default process metrics', async () => {
      await call(url, '/api/things/list', { token: READ_TOKEN });
      await call(url, '/api/things/list');
      const text = await (await call(url, '/metrics')).text();
      expect(text).toMatch(/plinth_http_requests_total\{method="GET",route="\/api\/things\/list",status_code="200"\} [1-9]/);
      expect(text).toMatch(/plinth_http_requests_total\{method="GET",route="\/api\/things\/list",status_code="401"\} [1-9]/);
      expect(text).toMatch(/plinth_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/things\/list",status_code="200"\} [1-9]/);
      expect(text).toContain('route="unmatched"');
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    });

    it('writes JSON log lines that never contain a token', async () => {
      await call(url, '/api/things/list', { token: READ_TOKEN });
      await call(url, '/api/things/list', { token: 'not-a-real-token-55' });
      await call(url, '/api/things/crash', { token: WRITE_TOKEN });
      expect(logs.length).toBeGreaterThan(3);
      for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
      const all = logs.join('');
      expect(all).toContain('request failed');
      for (const token of [READ_TOKEN, WRITE_TOKEN, 'not-a-real-token-55']) expect(all).not.toContain(token);
    });
  });

  it('without tokens: allows everything, binds loopback only, and warns at start-up', async () => {
    const { service, url, logs } = await start(new TokenTable([]), 64);
    try {
      expect(new URL(url).hostname).toBe('127.0.0.1');
      expect(logs.some((line) => JSON.parse(line).level === 40 && line.includes('authentication is off'))).toBe(true);
      expect((await call(url, '/api/things/create', { method: 'POST', body: '{"name": "x"}' })).status).toBe(200);
      const tooLarge = await call(url, '/api/things/create', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(100) }) });
      expect([tooLarge.status, (await tooLarge.json()).oops]).toEqual([418, 'too-large']);
    } finally {
      await service.close();
    }
  });

  it('binds loopback even when asked for every interface, if there are no tokens', async () => {
    const service = createService({ tokens: new TokenTable([]), logLevel: 'silent' });
    try {
      expect(new URL(await service.listen({ port: 0, host: '0.0.0.0' })).hostname).toBe('127.0.0.1');
    } finally {
      await service.close();
    }
  });
});
