import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Service } from '../../../services/kit/server/create-service';
import { TokenTable } from '../../../services/kit/server/tokens';
import { createTrackingServer } from '../../../services/tracking/server';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';
import { requireTools } from '../../support/tools';
import { call, type FuzzedRoute, type HostileRequestOptions, hostileRequest, nested, recordRoutes, send } from './support/hostile-requests';

/** Requests per route: bounded so that the file stays well under a minute on a loaded 2-core machine. */
const RUNS_PER_ROUTE = 6;

interface Fuzzable {
  readonly base: string;
  readonly routes: readonly FuzzedRoute[];
  readonly knownStrings: readonly string[];
  readonly runId: string;
  /** Error log lines: what a 5xx was. */
  readonly errors: readonly string[];
  close(): Promise<void>;
}

/**
 * A tracking server recording its routes, with an experiment, a run and a registered model version,
 * so that some requests name things that exist. `/ajax-api` serves the same handlers as `/api`: fuzzed once.
 */
async function startFuzzable(database: string): Promise<Fuzzable> {
  const artifacts = mkdtempSync(path.join(tmpdir(), 'plinth-fuzz-artifacts-'));
  const errors: string[] = [];
  const logStream = { write: (line: string) => void (line.includes('"level":50') && errors.push(line)) };
  const service: Service = await createTrackingServer({ database, artifacts, tokens: new TokenTable([]), logLevel: 'error', logStream });
  const routes = recordRoutes(service.app);
  const base = await service.listen({ port: 0, host: '127.0.0.1' });
  const post = async (endpoint: string, body: object) =>
    (await fetch(`${base}/api/2.0/mlflow/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  const { experiment_id: experimentId } = await post('experiments/create', { name: 'fuzzed' });
  const { run } = await post('runs/create', { experiment_id: experimentId });
  await post('registered-models/create', { name: 'fuzzed-model' });
  await post('model-versions/create', { name: 'fuzzed-model', source: 'mlflow-artifacts:/fuzz' });
  return {
    base,
    routes: routes.filter((route) => !route.url.startsWith('/ajax-api')),
    knownStrings: [experimentId, run.info.run_id, 'fuzzed-model', '1', 'champion', 'loss'],
    runId: run.info.run_id,
    errors,
    async close() {
      await service.close();
      rmSync(artifacts, { recursive: true, force: true });
    },
  };
}

/** For every route: no request of the arbitrary gets a 5xx; then the service still answers /healthz. */
async function expectNo5xx(server: Fuzzable, options: Omit<HostileRequestOptions, 'knownStrings'>, runsPerRoute: number): Promise<void> {
  expect(server.routes.length).toBeGreaterThan(40);
  for (const route of server.routes) {
    await fc.assert(
      fc.asyncProperty(hostileRequest(route, { ...options, knownStrings: server.knownStrings }), async (request) => {
        const { status, text } = await send(server.base, request);
        if (status >= 500) throw new Error(`${route.method} ${route.url}: ${status} ${text}\n${server.errors.at(-1) ?? ''}`);
      }),
      { numRuns: runsPerRoute },
    );
  }
  expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  const created = await fetch(`${server.base}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"after the storm"}' });
  expect(created.status).toBe(200);
}

describe('tracking: no 5xx for any input, and the service keeps serving', () => {
  let server: Fuzzable;
  // Starting the embedded store takes seconds, and much longer on a machine busy with other tests.
  beforeAll(async () => {
    server = await startFuzzable('memory:');
  }, 180_000);
  afterAll(() => server?.close());

  describe('inputs that were 5xx (or killed the process) are 4xx in MLflow’s error shape', () => {
    const NUL = '"a\\u0000b"';
    const SURROGATE = '"a\\ud800b"';
    it.each<[string, string, string, string]>([
      ['an experiment name with NUL', '/experiments/create', `{"name":${NUL}}`, 'name'],
      ['an experiment name with a lone surrogate', '/experiments/create', `{"name":${SURROGATE}}`, 'name'],
      ['an experiment tag with NUL', '/experiments/create', `{"name":"t","tags":[{"key":"k","value":${NUL}}]}`, 'tags[0].value'],
      ['a run name with NUL', '/runs/create', `{"experiment_id":"0","run_name":${NUL}}`, 'run_name'],
      ['a run tag with NUL', '/runs/create', `{"experiment_id":"0","tags":[{"key":${NUL},"value":"v"}]}`, 'tags[0].key'],
      ['a param in log-batch with NUL', '/runs/log-batch', `{"run_id":"RUN","params":[{"key":"p","value":${NUL}}]}`, 'params[0].value'],
      ['a tag in set-tag with a lone surrogate', '/runs/set-tag', `{"run_id":"RUN","key":"k","value":${SURROGATE}}`, 'value'],
      ['a registered model name with NUL', '/registered-models/create', `{"name":${NUL}}`, 'name'],
      ['a registered model description with NUL', '/registered-models/create', `{"name":"d","description":${NUL}}`, 'description'],
      ['a runs/search filter value with NUL', '/runs/search', `{"filter":"params.p = 'a\\u0000'"}`, 'filter'],
    ])('%s: 400 naming the field', async (_, endpoint, body, field) => {
      const response = await call(server.base, `/api/2.0/mlflow${endpoint}`, { body: body.replace('RUN', server.runId) });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining(`'${field}' in the request body`) });
    });

    it('refuses NUL in a query string, and Infinity where an integer is expected', async () => {
      const byName = await call(server.base, '/api/2.0/mlflow/experiments/get-by-name?experiment_name=a%00');
      expect(byName.status).toBe(400);
      expect(byName.json().message).toContain("'experiment_name' in the query string: it contains a NUL character");
      const history = await call(server.base, `/api/2.0/mlflow/metrics/get-history?run_id=${server.runId}&metric_key=m&max_results=Infinity`);
      expect(history.status).toBe(400);
      expect(history.json().message).toBe("Invalid value for 'max_results' in the query string: Infinity is not a finite number");
      const timestamp = await call(server.base, '/api/2.0/mlflow/runs/log-metric', { body: `{"run_id":"${server.runId}","key":"m","value":1,"timestamp":1e400}` });
      expect(timestamp.status).toBe(400);
      expect(timestamp.json().message).toMatch(/^Invalid value Infinity for parameter 'timestamp'/);
    });

    it('survives an artifact_location nested 5000 deep (it killed the process), and keeps serving', async () => {
      const response = await call(server.base, '/api/2.0/mlflow/experiments/create', { body: `{"name":"deep","artifact_location":${nested(5000)}}` });
      expect(response.status).toBe(400);
      expect(response.json().message).toContain('is nested more than 64 levels deep');
      expect((await call(server.base, '/healthz')).status).toBe(200);
    });

    it('answers 415 for a body that is not JSON and 413 for one over the limit, in MLflow’s shape', async () => {
      const text = await call(server.base, '/api/2.0/mlflow/experiments/create', { contentType: 'text/plain', body: '{"name":"x"}' });
      expect(text.status).toBe(415);
      expect(text.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: "Unsupported Media Type 'text/plain' for POST /api/2.0/mlflow/experiments/create" });
      const big = await call(server.base, '/api/2.0/mlflow/experiments/create', { body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
      expect(big.status).toBe(413);
      expect(big.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Request body is too large: the limit is 1048576 bytes' });
      const badUrl = await call(server.base, '/api/2.0/mlflow/experiments/%zz');
      expect(badUrl.status).toBe(400);
      expect(badUrl.json().error_code).toBe('INVALID_PARAMETER_VALUE');
    });

    it('refuses a filter of 1,000 comparisons at once, and a filter of 20 stays a plain search', async () => {
      const filter = (count: number) => Array.from({ length: count }, (_, i) => `params.p${i} = 'x'`).join(' AND ');
      const refused = await call(server.base, '/api/2.0/mlflow/runs/search', { body: JSON.stringify({ experiment_ids: ['0'], filter: filter(1000) }) });
      expect(refused.status).toBe(400);
      expect(refused.json().message).toMatch(/^Invalid filter: .*at most/);
      const fine = await call(server.base, '/api/2.0/mlflow/runs/search', { body: JSON.stringify({ experiment_ids: ['0'], filter: filter(20) }) });
      expect(fine.status).toBe(200);
    });

    it('round-trips a non-ASCII artifact name, and refuses one longer than a file system allows', async () => {
      const name = encodeURIComponent('модель ☃.txt');
      expect((await call(server.base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}`, { method: 'PUT', contentType: 'application/octet-stream', body: 'weights' })).status).toBe(200);
      const download = await call(server.base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}`);
      expect(download.status).toBe(200);
      expect(download.text).toBe('weights');
      expect(download.headers.get('content-disposition')).toBe(`attachment; filename="______ _.txt"; filename*=UTF-8''${name}`);
      expect((await call(server.base, '/api/2.0/mlflow-artifacts/artifacts?path=0')).json()).toEqual({ files: [{ path: 'модель ☃.txt', is_dir: false, file_size: 7 }] });

      const long = await call(server.base, `/api/2.0/mlflow-artifacts/artifacts/0/${'a'.repeat(300)}`, { method: 'PUT', contentType: 'application/octet-stream', body: 'x' });
      expect(long.status).toBe(400);
      expect(long.json().message).toContain('at most 255 bytes per segment');
      const underFile = await call(server.base, `/api/2.0/mlflow-artifacts/artifacts/0/${name}/inside`, { method: 'PUT', contentType: 'application/octet-stream', body: 'x' });
      expect(underFile.status).toBe(400);
      expect(underFile.json()).toEqual({ error_code: 'RESOURCE_ALREADY_EXISTS', message: expect.stringContaining('conflicts with an existing file') });
    });
  });

  it('on the embedded store: hostile paths, queries, content types and JSON bodies on every route', async () => {
    await expectNo5xx(server, {}, RUNS_PER_ROUTE);
  }, 120_000);
});

const postgres = requireTools(POSTGRES_TOOLS);
(postgres.available ? describe : describe.skip)('tracking on PostgreSQL: text no store can keep', () => {
  let cluster: PostgresCluster;
  let server: Fuzzable;
  beforeAll(async () => {
    cluster = await startPostgres();
    server = await startFuzzable(await cluster.createDatabase('fuzz'));
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
  });

  it('refuses NUL and lone surrogates in every field of every route with a 4xx, as on the embedded store', async () => {
    await expectNo5xx(server, { unstorableOnly: true }, 3);
  }, 120_000);
});
