import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServingStats, type ServedModelStats } from '../../services/console/server/serving-stats';
import { createInferenceServer, type InferenceServer } from '../../services/inference/server/inference-server';
import { formatTritonConfig } from '../../services/kit/models/format-triton-config';
import { inspectOnnxModel } from '../../services/kit/models/inspect-onnx-model';
import { tritonConfigForOnnx } from '../../services/kit/models/triton-config-for-onnx';
import { ServiceError } from '../../services/kit/server/errors';
import { TokenTable } from '../../services/kit/server/tokens';
import { freePort } from '../support/free-port';

/**
 * The Serving page's figures from a real inference server (onnxruntime, Triton's metrics), with real requests
 * that succeed and fail: the repository index, rates over the interval between two reads, latency quantiles,
 * and refusals that say what went wrong.
 */

const MODELS = path.join(__dirname, '../fixtures/models');
const READ_TOKEN = 'serving-reader-5d1e';

function addModel(repository: string, name: string, fixture: string, version: number): void {
  mkdirSync(path.join(repository, name, String(version)), { recursive: true });
  copyFileSync(path.join(MODELS, fixture), path.join(repository, name, String(version), 'model.onnx'));
  const inspection = inspectOnnxModel(readFileSync(path.join(MODELS, fixture)));
  writeFileSync(path.join(repository, name, 'config.pbtxt'), formatTritonConfig(tritonConfigForOnnx(inspection, { name, maxBatchSize: 8 })));
}

describe('ServingStats against a real inference server', () => {
  let repository: string;
  let server: InferenceServer;
  let url: string;
  let clock = 1_750_000_000_000;
  let stats: ServingStats;
  let infer: (rows: number, features?: number) => Promise<number>;

  beforeAll(async () => {
    repository = mkdtempSync(path.join(tmpdir(), 'plinth-serving-stats-'));
    addModel(repository, 'churn', 'binary-classifier.onnx', 3);
    // An operator onnxruntime may not run here: the server refuses to load it and says why.
    addModel(repository, 'scrambler', 'custom-op.onnx', 1);
    server = await createInferenceServer({ repository, version: 'test', tokens: new TokenTable([{ name: 'reader', token: READ_TOKEN, role: 'read' }]), logStream: { write: () => undefined } });
    url = await server.service.listen({ port: 0, host: '127.0.0.1' });
    const metadata = (await (await fetch(`${url}/v2/models/churn`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).json()) as { inputs: { name: string; datatype: string; shape: number[] }[] };
    const input = metadata.inputs[0]!;
    const width = input.shape[1]!;
    infer = async (rows, features = width) => {
      const body = { inputs: [{ name: input.name, datatype: input.datatype, shape: [rows, features], data: new Array(rows * features).fill(0.5) }] };
      const response = await fetch(`${url}/v2/models/churn/infer`, { method: 'POST', headers: { authorization: `Bearer ${READ_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await response.arrayBuffer();
      return response.status;
    };
    stats = new ServingStats({ inferenceUrl: url, now: () => clock });
  }, 60_000);
  afterAll(async () => {
    await server.service.close();
    rmSync(repository, { recursive: true, force: true });
  });

  const churn = (models: readonly ServedModelStats[]) => models.find((model) => model.model === 'churn');

  it('lists the repository\'s models with no rate on the first read, then rates, latency and errors over the interval', async () => {
    const first = await stats.read(READ_TOKEN);
    expect(first.rate_interval_seconds).toBeNull();
    expect(first.rate_note).toMatch(/^no rate yet/);
    expect(first.models).toEqual([
      { model: 'churn', version: '3', state: 'READY', reason: '', requests_per_second: null, error_rate: null, p50_ms: null, p99_ms: null, totals: { successes: 0, failures: 0, inferences: 0 } },
      expect.objectContaining({ model: 'scrambler', version: null, state: 'UNAVAILABLE', reason: expect.stringMatching(/operator/), requests_per_second: null }),
    ]);

    // Six answered requests of 2 rows each, and two refused (a feature too many): Triton counts those as failures.
    for (let i = 0; i < 6; i++) expect(await infer(2)).toBe(200);
    for (let i = 0; i < 2; i++) expect(await infer(1, 99)).toBe(400);
    clock += 2000;
    const second = await stats.read(READ_TOKEN);
    expect(second.rate_interval_seconds).toBe(2);
    expect(second.rate_note).toBeUndefined();
    const model = churn(second.models)!;
    expect(model).toMatchObject({ requests_per_second: 4, error_rate: 0.25, totals: { successes: 6, failures: 2, inferences: 12 } });
    expect(model.p50_ms).toBeGreaterThan(0);
    expect(model.p99_ms).toBeGreaterThanOrEqual(model.p50_ms!);
    expect(model.p99_ms).toBeLessThan(10_000);

    // Read again half a second later: too short an interval, so the rate is over the 2.5 s since the first read.
    clock += 500;
    expect(await infer(2)).toBe(200);
    const soon = await stats.read(READ_TOKEN);
    expect(soon.rate_interval_seconds).toBe(2.5);
    expect(churn(soon.models)).toMatchObject({ requests_per_second: 9 / 2.5, error_rate: 2 / 9 });

    // A second and a half after the second read, with no traffic: no requests, and no error rate to give.
    clock += 1000;
    const quiet = await stats.read(READ_TOKEN);
    expect(quiet.rate_interval_seconds).toBe(1.5);
    expect(churn(quiet.models)).toMatchObject({ requests_per_second: 1 / 1.5, error_rate: 0 });
    clock += 1000;
    expect(churn((await stats.read(READ_TOKEN)).models)).toMatchObject({ requests_per_second: 0, error_rate: null, totals: { successes: 7, failures: 2 } });
  });

  it.each([
    ['no token', undefined, 'unauthenticated', /^The inference server refused POST \/v2\/repository\/index \(401\): /],
    ['a wrong token', 'not-a-token', 'unauthenticated', /^The inference server refused POST \/v2\/repository\/index \(401\): /],
  ])('says the inference server refused %s', async (_, token, kind, message) => {
    const refusal = await stats.read(token).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ kind, message: expect.stringMatching(message) });
  });

  it('says when the inference server cannot be reached, naming it', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const refusal = await new ServingStats({ inferenceUrl: nowhere }).read(READ_TOKEN).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ kind: 'unavailable', message: `The inference server at ${nowhere} cannot be reached (ECONNREFUSED)` });
  });

  it('says when the server at the URL is not an inference server', async () => {
    const impostor = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome</h1>'));
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(impostor.address() as AddressInfo).port}`;
      const refusal = await new ServingStats({ inferenceUrl: base }).read(READ_TOKEN).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ kind: 'unavailable', message: `The inference server at ${base} answered POST /v2/repository/index with something other than a list of models` });
    } finally {
      impostor.closeAllConnections();
      impostor.close();
    }
  });
});
