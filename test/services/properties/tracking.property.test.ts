import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Service } from '../../../services/kit/server/create-service';
import { TokenTable } from '../../../services/kit/server/tokens';
import { createTrackingServer } from '../../../services/tracking/server';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../support/postgres-cluster';
import { requireTools } from '../../support/tools';
import { type FuzzedRoute, type HostileRequestOptions, hostileRequest, recordRoutes, send } from './support/hostile-requests';

/** Requests per route: bounded so that the file stays well under a minute on a loaded 2-core machine. */
const RUNS_PER_ROUTE = 6;

interface Fuzzable {
  readonly base: string;
  readonly routes: readonly FuzzedRoute[];
  readonly knownStrings: readonly string[];
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
  beforeAll(async () => {
    server = await startFuzzable('memory:');
  });
  afterAll(() => server?.close());

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
  });
  afterAll(async () => {
    await server?.close();
    await cluster?.stop();
  });

  it('refuses NUL and lone surrogates in every field of every route with a 4xx, as on the embedded store', async () => {
    await expectNo5xx(server, { unstorableOnly: true }, 3);
  }, 120_000);
});
