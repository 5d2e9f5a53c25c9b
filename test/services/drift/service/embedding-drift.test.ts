import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../../services/kit/clock';
import { type DriftServer, type DriftServerOptions, createDriftServer } from '../../../../services/drift/service/drift-server';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { requireTools } from '../../../support/tools';
import { type JsonLike, hostileNumber, hostileString, hostileValue, toJsonText } from '../../properties/support/hostile-input';
import { startWebhookReceiver } from '../../../support/webhook-receiver';

/**
 * Embedding drift through the real HTTP service: a reference with a query-embedding column, batches whose
 * embeddings moved or did not, the report and the /metrics gauges, refusals of malformed vectors.
 */

const DIMENSIONS = 4;
const ROWS = 300;
/** Components 0 and 1 of a shifted batch move by this much; components 2 and 3 do not move. */
const SHIFT = 0.5;
/** Three decimals, so that a vector reads back from CSV and JSON exactly as it was written. */
const vector = (row: number, shift = 0) => Array.from({ length: DIMENSIONS }, (_, c) => Math.round(Math.sin(row * 1.3 + c * 2.1) * 1000) / 1000 + (c < 2 ? shift : 0));
const rows = (shift = 0) => Array.from({ length: ROWS }, (_, i) => ({ x: i % 100, city: ['a', 'b', 'c'][i % 3], query: vector(i, shift) }));
/** The reference as pandas writes a list column to CSV: the vector quoted, in brackets, comma-separated. */
const referenceCsv = () => `x,city,query\n${rows().map((row) => `${row.x},${row.city},"[${row.query.join(', ')}]"`).join('\n')}\n`;

/** The distance between the two centroids, computed here from the data: √Σ_c (mean_ref[c] − mean_cur[c])². */
function centroidDistance(reference: readonly number[][], current: readonly number[][]): number {
  const mean = (vectors: readonly number[][], c: number) => vectors.reduce((sum, v) => sum + v[c], 0) / vectors.length;
  return Math.sqrt(Array.from({ length: DIMENSIONS }, (_, c) => (mean(reference, c) - mean(current, c)) ** 2).reduce((a, b) => a + b, 0));
}

/** The value of one series in the exposition text, found by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const instantClock: Clock = { now: () => new Date(), sleep: async () => undefined };

async function start(options: Partial<DriftServerOptions> = {}): Promise<{ server: DriftServer; base: string }> {
  const server = await createDriftServer({
    database: 'memory:',
    tokens: new TokenTable([]),
    monitor: { windowRows: ROWS, minWindowRows: 50, maxBatchRows: ROWS, maxReferenceRows: 1000 },
    logStream: { write: () => undefined },
    clock: instantClock,
    analysisThreads: 1,
    ...options,
  });
  return { server, base: await server.service.listen({ port: 0, host: '127.0.0.1' }) };
}

function send(base: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const payload = body === undefined || typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body);
  return fetch(`${base}/api/drift${path}`, { method, headers: body === undefined || body instanceof FormData ? {} : { 'content-type': contentType }, body: payload as BodyInit | undefined });
}

/** Registers the reference as a form: the CSV and the options file declaring the embedding column. */
async function registerReference(base: string, model: string): Promise<Response> {
  const form = new FormData();
  form.append('data', new Blob([referenceCsv()], { type: 'text/csv' }), 'ref.csv');
  form.append('options', new Blob(['embeddings:\n  query:\n']), 'cols.yaml');
  return send(base, 'POST', `/models/${model}/reference`, form);
}

const withPostgres = requireTools(POSTGRES_TOOLS).available;
let cluster: PostgresCluster | undefined;
beforeAll(async () => {
  if (withPostgres) cluster = await startPostgres();
}, 30_000);
afterAll(async () => {
  await cluster?.stop();
});

describe.each<[string, () => Promise<string>]>([
  ['embedded store', async () => 'memory:'],
  ...(withPostgres ? [['PostgreSQL', () => cluster!.createDatabase('drift_embeddings')] as [string, () => Promise<string>]] : []),
])('embedding drift over HTTP (%s)', (_, database) => {
  let server: DriftServer;
  let base: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver([]);
    ({ server, base } = await start({ database: await database(), retraining: { webhook: { url: receiver.url }, onEmbeddingDrift: true } }));
  }, 30_000);
  afterAll(async () => {
    await server.service.close();
    await receiver.close();
  });

  it('registers a reference with an embedding column, and gives back its dimensions', async () => {
    const response = await registerReference(base, 'rag');
    expect(response.status).toBe(201);
    expect((await response.json()).columns).toEqual([
      { name: 'x', type: 'numeric' },
      { name: 'city', type: 'categorical' },
      { name: 'query', type: 'embedding', dimensions: DIMENSIONS },
    ]);
  });

  it('finds a shifted batch drifted, exports the gauges, and triggers retraining; an unshifted batch is not drifted', async () => {
    const shifted = rows(SHIFT);
    const drifted = await send(base, 'POST', '/models/rag/batches', shifted);
    expect(drifted.status).toBe(200);
    const { report } = (await drifted.json()).report;
    const expectedDistance = centroidDistance(rows().map((row) => row.query), shifted.map((row) => row.query));
    expect(expectedDistance).toBeCloseTo(SHIFT * Math.SQRT2, 12);
    expect(report.dataset.drifted).toBe(false);
    expect(report.embeddings.query).toEqual({
      dimensions: DIMENSIONS,
      reference_rows: ROWS,
      current_rows: ROWS,
      dropped: { reference: 0, current: 0 },
      centroid_distance: { value: expect.closeTo(expectedDistance, 12), threshold: 0.2, drifted: true },
      // Two of four components moved (Wasserstein distance 0.5, far above 0.1 of their spread); two did not move at all.
      drifted_components: { share: 0.5, component_stattest: 'wasserstein', component_threshold: 0.1, threshold: 0.2, drifted: true },
      drifted: true,
    });
    expect(await (await send(base, 'GET', '/models/rag/report')).json()).toMatchObject({ report: { embeddings: { query: { drifted: true } } } });

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sample(metrics, 'plinth_embedding_drift_centroid_distance{model="rag",embedding="query"}')).toBeCloseTo(expectedDistance, 12);
    expect(sample(metrics, 'plinth_embedding_drift_share{model="rag",embedding="query"}')).toBe(0.5);
    expect(sample(metrics, 'plinth_embedding_drift_detected{model="rag",embedding="query"}')).toBe(1);
    expect(sample(metrics, 'plinth_dataset_drift_detected{model="rag"}')).toBe(0);

    await server.triggersSettled();
    expect(receiver.requests.map((request) => request.body)).toEqual([
      expect.objectContaining({ model: 'rag', reason: 'drift', drifted_columns: [], drifted_embeddings: ['query'], dataset: expect.objectContaining({ drifted: false }) }),
    ]);

    // The window holds 300 rows: this batch replaces the shifted one, and is the reference's data again.
    const stable = await (await send(base, 'POST', '/models/rag/batches', rows())).json();
    expect(stable.report.report.embeddings.query).toMatchObject({ centroid_distance: { value: 0, drifted: false }, drifted_components: { share: 0, drifted: false }, drifted: false });
    const after = await (await fetch(`${base}/metrics`)).text();
    expect(sample(after, 'plinth_embedding_drift_centroid_distance{model="rag",embedding="query"}')).toBe(0);
    expect(sample(after, 'plinth_embedding_drift_share{model="rag",embedding="query"}')).toBe(0);
    expect(sample(after, 'plinth_embedding_drift_detected{model="rag",embedding="query"}')).toBe(0);
    await server.triggersSettled();
    expect(receiver.requests).toHaveLength(1);
  });

  it('reads vectors from CSV batches too (numpy\'s space-separated style), and shows the embedding on the HTML page', async () => {
    const batch = `x,city,query\n${rows(SHIFT).map((row) => `${row.x},${row.city},[${row.query.join(' ')}]`).join('\n')}\n`;
    const response = await send(base, 'POST', '/models/rag/batches', batch, 'text/csv');
    expect(response.status).toBe(200);
    expect((await response.json()).report.report.embeddings.query.drifted).toBe(true);
    const page = await (await send(base, 'GET', '/models/rag/report?format=html')).text();
    expect(page).toMatch(/<section class="embedding">\n<h2>query <span class="verdict drift">drift<\/span><\/h2>/);
    expect(page).toContain('embedding, 4 dimensions; centroid distance 0.7071 (drift above 0.2); 50.0% of the components drifted');
  });
});

describe('embedding drift: bad input is a 400 naming the column and the row', () => {
  let server: DriftServer;
  let base: string;
  beforeAll(async () => {
    ({ server, base } = await start());
    expect((await registerReference(base, 'strict')).status).toBe(201);
  }, 30_000);
  afterAll(async () => {
    await server.service.close();
  });

  const good = () => ({ x: 1, city: 'a', query: [0.1, 0.2, 0.3, 0.4] });
  it.each<[string, string, unknown, string, RegExp]>([
    ['a vector with too few components', '/models/strict/batches', [good(), { ...good(), query: [0.1, 0.2, 0.3] }], 'application/json', /^model "strict", batch: column "query", row 2: 3 components, but the reference's vectors have 4$/],
    ['a word among the components (CSV)', '/models/strict/batches', 'x,city,query\n1,a,"[0.1, abc, 0.3, 0.4]"\n', 'text/csv', /^model "strict", batch: column "query", row 1 \(line 2\): component 2 is "abc", not a number$/],
    ['a boolean among the components (JSON)', '/models/strict/batches', [good(), good(), { ...good(), query: [0.1, true, 0.3, 0.4] }], 'application/json', /column "query", row 3: component 2 is true, not a number$/],
    ['a number where a vector belongs', '/models/strict/batches', [{ ...good(), query: 0.5 }], 'application/json', /column "query", row 1: 0.5 is not a vector; an embedding column holds arrays of numbers/],
    ['an empty vector', '/models/strict/batches', [{ ...good(), query: [] }], 'application/json', /column "query", row 1: \[\] is not a vector/],
    ['a vector in a column not declared as an embedding', '/models/strict/batches', [{ ...good(), city: [1, 2] }], 'application/json', /row 1, column "city": expected a number, a string, a boolean or null, found an array \(to compare vectors, declare the column under "embeddings"/],
    ['reference vectors of different lengths', '/models/other/reference', { rows: [good(), good(), { ...good(), query: [1, 2, 3, 4, 5] }], options: { embeddings: { query: {} } } }, 'application/json', /^model "other", reference: column "query", row 3: 5 components, but the column's first vector has 4$/],
    ['an embedding option for a column the reference lacks', '/models/other/reference', { rows: [good()], options: { embeddings: { query: {}, answer: {} } } }, 'application/json', /options: embeddings\.answer: no such column in the reference \(columns: x, city, query\)/],
    ['a column under both columns and embeddings', '/models/other/reference', { rows: [good()], options: { columns: { query: { type: 'numeric' } }, embeddings: { query: {} } } }, 'application/json', /^options: "query" is under both columns and embeddings; an embedding column takes only embedding options/],
    ['an unknown embedding option', '/models/other/reference', { rows: [good()], options: { embeddings: { query: { distance: 0.3 } } } }, 'application/json', /embeddings\.query\.distance/],
  ])('%s', async (_, path, body, contentType, message) => {
    const response = await send(base, 'POST', path, body, contentType);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(message);
    const next = await send(base, 'POST', '/models/strict/batches', [good()]);
    expect(next.status).toBe(200);
  });

  it('answers no 5xx to hostile vectors, embedding options and CSV cells, and keeps serving', async () => {
    const vectorCell = fc.oneof(
      hostileValue(['query', '[1, 2, 3, 4]']),
      fc.array(hostileNumber, { maxLength: 6 }),
      fc.array(fc.double(), { minLength: 4, maxLength: 4 }),
      fc.array(fc.oneof(hostileNumber, hostileString, fc.constant(null)), { minLength: 4, maxLength: 4 }),
    );
    const batch = fc.oneof(
      fc.array(vectorCell, { minLength: 1, maxLength: 4 }).map((cells) => ({ path: '/models/strict/batches', contentType: 'application/json', body: toJsonText(cells.map((query) => ({ x: 1, city: 'a', query }))) })),
      fc.array(fc.oneof(hostileString, fc.constantFrom('"[1, 2, 3, 4]"', '[1 2 3 4]', '"[1e400, 2, 3, 4]"', '[', ']', '"[[1, 2], 3, 4, 5]"')), { minLength: 1, maxLength: 4 }).map((cells) => ({
        path: '/models/strict/batches',
        contentType: 'text/csv',
        body: `x,city,query\n${cells.map((cell) => `1,a,${cell}`).join('\n')}\n`,
      })),
      fc.record({ cells: fc.array(vectorCell, { minLength: 1, maxLength: 4 }), embeddings: fc.oneof(hostileValue(['query']), fc.dictionary(fc.constantFrom('query', 'x', 'nope'), hostileValue(['distance_threshold']))) }).map(({ cells, embeddings }) => ({
        path: '/models/fuzzed/reference',
        contentType: 'application/json',
        body: toJsonText({ rows: cells.map((query) => ({ x: 1, city: 'a', query })), options: { embeddings } as JsonLike }),
      })),
    );
    await fc.assert(
      fc.asyncProperty(batch, async ({ path, contentType, body }) => {
        const response = await send(base, 'POST', path, body, contentType);
        if (response.status >= 500) throw new Error(`${path}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await send(base, 'POST', '/models/strict/batches', [good()])).status).toBe(200);
  }, 120_000);

  it('drops a vector with a missing or NaN component, and counts it', async () => {
    const batch = Array.from({ length: 60 }, (_, i) => ({ x: i, city: 'a', query: i === 0 ? [0.1, null, 0.3, 0.4] : i === 1 ? ['NaN', 0, 0, 0] : i === 2 ? null : vector(i) }));
    expect((await registerReference(base, 'dropping')).status).toBe(201);
    const response = await (await send(base, 'POST', '/models/dropping/batches', batch)).json();
    expect(response.report.report.embeddings.query.dropped).toEqual({ reference: 0, current: 3 });
  });
});

describe('embedding drift: persistence', () => {
  it('keeps the reference embeddings across a restart and exports the last report\'s gauges again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plinth-drift-embeddings-'));
    try {
      const first = await start({ database: dir });
      expect((await registerReference(first.base, 'rag')).status).toBe(201);
      const batch = await (await send(first.base, 'POST', '/models/rag/batches', rows(SHIFT))).json();
      // Components near the float64 limit: the centroids are further apart than float64 reaches.
      expect((await registerReference(first.base, 'far')).status).toBe(201);
      const far = rows().map((row) => ({ ...row, query: [1.7e308, ...row.query.slice(1)] }));
      const farReport = await (await send(first.base, 'POST', '/models/far/batches', far)).json();
      expect(farReport.report.report.embeddings.query.centroid_distance).toEqual({ value: null, threshold: 0.2, drifted: true });
      await first.server.service.close();

      const second = await start({ database: dir });
      try {
        const metrics = await (await fetch(`${second.base}/metrics`)).text();
        expect(sample(metrics, 'plinth_embedding_drift_centroid_distance{model="rag",embedding="query"}')).toBe(batch.report.report.embeddings.query.centroid_distance.value);
        expect(sample(metrics, 'plinth_embedding_drift_detected{model="rag",embedding="query"}')).toBe(1);
        expect(metrics).toContain('plinth_embedding_drift_centroid_distance{model="far",embedding="query"} +Inf');
        const next = await (await send(second.base, 'POST', '/models/rag/batches', rows())).json();
        expect(next.report.report.embeddings.query).toMatchObject({ centroid_distance: { value: 0 }, drifted: false });
      } finally {
        await second.server.service.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
