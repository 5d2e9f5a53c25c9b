import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type DriftServer, createDriftServer } from '../../../../services/drift/service/drift-server';
import type { DriftLoggingOptions } from '../../../../services/inference/logging/drift-logging-options';
import { createInferenceServer, type InferenceServer } from '../../../../services/inference/server/inference-server';
import { publishToRepository } from '../../../../services/kit/models/publish-to-repository';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { eventually, featureRows } from '../support/classifier-traffic';

const CLASSIFIER = path.join(__dirname, '..', '..', '..', 'fixtures', 'models', 'binary-classifier.onnx');
const DRIFT_TOKEN = 'drift-writer-5d1e';
/** Retries wait for nothing: a drift service that is down costs the test microseconds. */
const instantSleep = async () => undefined;

interface InferAnswer {
  outputs: { name: string; datatype: string; shape: number[]; data: (number | string)[] }[];
}

async function infer(url: string, rows: readonly number[][], outputs?: unknown[]): Promise<{ status: number; body: InferAnswer }> {
  const response = await fetch(`${url}/v2/models/churn/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [rows.length, 4], data: rows.flat() }], ...(outputs ? { outputs } : {}) }),
  });
  return { status: response.status, body: (await response.json()) as InferAnswer };
}

/** A base URL where nothing listens: a port the system gave and took back. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** The value of one Prometheus sample, or undefined when the series is not exported. */
async function metric(url: string, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('inference logging for drift: sampled requests reach the drift service, and prediction drift works end to end', () => {
  let repository: string;
  let drift: DriftServer;
  let driftUrl: string;
  /** The JSON bodies of every batch the drift service received, as it received them. */
  const received: { model: string; rows: Record<string, unknown>[] }[] = [];
  const servers: InferenceServer[] = [];
  const logs: { level: number; msg: string; model?: string }[] = [];

  async function startInference(driftLogging: Partial<DriftLoggingOptions>): Promise<{ server: InferenceServer; url: string }> {
    const server = await createInferenceServer({
      repository,
      version: 'test',
      tokens: new TokenTable([]),
      logStream: { write: (line: string) => void logs.push(JSON.parse(line)) },
      driftLogging: { url: driftUrl, token: DRIFT_TOKEN, flushMs: 3_600_000, sleep: instantSleep, ...driftLogging },
    });
    servers.push(server);
    return { server, url: await server.service.listen({ port: 0, host: '127.0.0.1' }) };
  }

  beforeAll(async () => {
    repository = mkdtempSync(path.join(tmpdir(), 'plinth-drift-logging-'));
    await publishToRepository(repository, 'churn', readFileSync(CLASSIFIER), { maxBatchSize: 64 });
    drift = await createDriftServer({
      database: 'memory:',
      tokens: new TokenTable([{ name: 'inference', token: DRIFT_TOKEN, role: 'write' }]),
      monitor: { windowRows: 200, minWindowRows: 100, maxBatchRows: 200, maxReferenceRows: 2000 },
      logStream: { write: () => undefined },
    });
    drift.service.app.addHook('preHandler', async (request) => {
      const match = /^\/api\/drift\/models\/([^/]+)\/batches$/.exec(request.url);
      if (request.method === 'POST' && match) received.push({ model: decodeURIComponent(match[1]!), rows: request.body as Record<string, unknown>[] });
    });
    driftUrl = await drift.service.listen({ port: 0, host: '127.0.0.1' });
  }, 30_000);
  afterAll(async () => {
    for (const server of servers) await server.service.close();
    await drift.service.close();
    rmSync(repository, { recursive: true, force: true });
  });

  it('sends sampled rows without the dropped columns; a shifted batch drifts its input columns and the prediction column is reported', async () => {
    const { server, url } = await startInference({ batchRows: 50, dropColumns: ['features_3', 'probabilities'] });

    // Traffic before any reference: drift refuses it (404); the rows are dropped, not retried, and the refusal logged once.
    const referenceFeatures = featureRows(300, 11);
    const referenceRows: Record<string, number>[] = [];
    for (let start = 0; start < 300; start += 60) {
      const chunk = referenceFeatures.slice(start, start + 60);
      const answer = await infer(url, chunk);
      expect(answer.status).toBe(200);
      const labels = answer.body.outputs.find((output) => output.name === 'label')!.data as number[];
      chunk.forEach((row, index) => referenceRows.push({ features_0: row[0]!, features_1: row[1]!, features_2: row[2]!, prediction: labels[index]! }));
    }
    await server.driftLogger!.flush();
    expect(await metric(url, 'plinth_inference_drift_rows_dropped_total{model="churn",reason="rejected"}')).toBe(300);
    expect(await metric(url, 'plinth_inference_drift_rows_sent_total{model="churn"}')).toBe(0);
    const refusals = logs.filter((line) => line.model === 'churn' && /refused/.test(line.msg));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.msg).toMatch(/HTTP 404.*no reference registered; register one before sending batches/);
    expect(new Set(referenceRows.map((row) => row.prediction))).toEqual(new Set([0, 1]));

    const registered = await fetch(`${driftUrl}/api/drift/models/churn/reference`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DRIFT_TOKEN}` },
      body: JSON.stringify({ rows: referenceRows, options: { columns: { prediction: { role: 'prediction' } } } }),
    });
    expect(registered.status).toBe(201);

    // Traffic like the reference, then a batch whose first two features moved; one client asks only for class scores.
    received.length = 0;
    const steady = featureRows(100, 23);
    for (let start = 0; start < 100; start += 50) expect((await infer(url, steady.slice(start, start + 50))).status).toBe(200);
    const shifted = featureRows(200, 37, 3);
    for (let start = 0; start < 200; start += 50) {
      const asked = start === 0 ? [{ name: 'probabilities', parameters: { classification: 1 } }] : undefined;
      const answer = await infer(url, shifted.slice(start, start + 50), asked);
      expect(answer.status).toBe(200);
      expect(answer.body.outputs.map((output) => output.name)).toEqual(asked ? ['probabilities'] : ['label', 'probabilities']);
    }
    await server.driftLogger!.flush();
    expect(await eventually(() => metric(url, 'plinth_inference_drift_rows_sent_total{model="churn"}'), (value) => value === 300)).toBe(300);

    // What drift received and stored: the mapped columns and the prediction, never the dropped ones.
    const rows = received.flatMap((batch) => batch.rows);
    expect(rows).toHaveLength(300);
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(['features_0', 'features_1', 'features_2', 'prediction']);
    expect(rows[100]!.features_0).toBeCloseTo(shifted[0]![0]!, 5);

    const report = (await (await fetch(`${driftUrl}/api/drift/models/churn/report`, { headers: { authorization: `Bearer ${DRIFT_TOKEN}` } })).json()) as {
      window_rows: number;
      report: { columns: Record<string, { drifted: boolean; role?: string }>; prediction: { column: string; drifted: boolean } };
    };
    expect(report.window_rows).toBe(200);
    expect(Object.keys(report.report.columns).sort()).toEqual(['features_0', 'features_1', 'features_2', 'prediction']);
    expect(report.report.columns.features_0!.drifted).toBe(true);
    expect(report.report.columns.features_1!.drifted).toBe(true);
    expect(report.report.columns.features_2!.drifted).toBe(false);
    expect(report.report.columns.prediction).toMatchObject({ role: 'prediction' });
    expect(report.report.prediction.column).toBe('prediction');
    expect(await metric(driftUrl, 'plinth_drift_detected{model="churn",column="features_0"}')).toBe(1);
    expect(await metric(driftUrl, 'plinth_drift_detected{model="churn",column="features_2"}')).toBe(0);
  }, 60_000);

  it('sends nothing at a sample rate of 0', async () => {
    const { server, url } = await startInference({ sampleRate: 0, batchRows: 10 });
    const before = received.length;
    for (let request = 0; request < 5; request++) expect((await infer(url, featureRows(20, 100 + request))).status).toBe(200);
    await server.driftLogger!.flush();
    expect(received.length).toBe(before);
    expect(await metric(url, 'plinth_inference_drift_rows_sent_total{model="churn"}')).toBeUndefined();
  }, 30_000);

  it('samples requests, not rows: a sampled request is logged with all of its rows', async () => {
    let draw = 0;
    // Draws alternate below and above the rate: the 1st and 3rd requests are sampled.
    const { server, url } = await startInference({ sampleRate: 0.5, dropColumns: ['features_3', 'probabilities'], random: () => (draw++ % 2 === 0 ? 0.1 : 0.9) });
    const before = received.length;
    for (const rows of [3, 5, 7, 9]) expect((await infer(url, featureRows(rows, rows))).status).toBe(200);
    await server.driftLogger!.flush();
    expect(received.slice(before).flatMap((batch) => batch.rows)).toHaveLength(10);
    expect(await metric(url, 'plinth_inference_drift_rows_sent_total{model="churn"}')).toBe(10);
  }, 30_000);

  it('keeps answering when the drift service is down: rows over the buffer cap and rows whose retries ran out are counted as dropped', async () => {
    const downUrl = await closedPortUrl();
    const { server, url } = await startInference({ url: downUrl, batchRows: 50, maxBufferedRows: 50, retry: { maxAttempts: 3 } });

    const answer = await infer(url, featureRows(64, 5));
    expect(answer.status).toBe(200);
    expect(answer.body.outputs[0]).toMatchObject({ name: 'label', shape: [64, 1] });
    await server.driftLogger!.flush();
    expect(await eventually(() => metric(url, 'plinth_inference_drift_rows_dropped_total{model="churn",reason="unreachable"}'), (value) => value === 50)).toBe(50);
    expect(await metric(url, 'plinth_inference_drift_rows_dropped_total{model="churn",reason="buffer_full"}')).toBe(14);
    expect(logs.some((line) => line.model === 'churn' && /drift service unreachable.*3 attempts; last: ECONNREFUSED/.test(line.msg))).toBe(true);
    expect((await infer(url, featureRows(1, 6))).status).toBe(200);
  }, 30_000);

  it('gives up the rows still waiting when shutdown has waited long enough, and counts them', async () => {
    const downUrl = await closedPortUrl();
    // Real waits between attempts (at least half a second each), and shutdown waits for 50 ms only.
    const { server, url } = await startInference({ url: downUrl, batchRows: 10, sleep: undefined, random: () => 0.999, shutdownWaitMs: 50 });
    expect((await infer(url, featureRows(30, 7))).status).toBe(200);
    await server.service.close();
    const text = await server.service.metrics.metrics();
    expect(text).toContain('plinth_inference_drift_rows_dropped_total{model="churn",reason="shutdown"} 30');
  }, 30_000);
});
