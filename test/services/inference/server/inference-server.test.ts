import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatTritonConfig } from '../../../../services/kit/models/format-triton-config';
import { inspectOnnxModel } from '../../../../services/kit/models/inspect-onnx-model';
import { type TritonConfigOptions, tritonConfigForOnnx } from '../../../../services/kit/models/triton-config-for-onnx';
import { TokenTable } from '../../../../services/kit/server/tokens';
import { encodeInferRequest } from '../../../../services/inference/protocol/encode-infer-request';
import { createInferenceServer, type InferenceServer, type InferenceServerOptions } from '../../../../services/inference/server/inference-server';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'models');
const READ = 'inference-reader-7f21';
const WRITE = 'inference-operator-c90e';

/** Adds `<repository>/<name>/<version>/model.onnx` from a fixture, and its generated config.pbtxt. */
function addModel(repository: string, name: string, fixture: string, versions: number[] = [1], options: Partial<TritonConfigOptions> = {}): void {
  for (const version of versions) {
    mkdirSync(path.join(repository, name, String(version)), { recursive: true });
    copyFileSync(path.join(FIXTURES, fixture), path.join(repository, name, String(version), 'model.onnx'));
  }
  const inspection = inspectOnnxModel(readFileSync(path.join(FIXTURES, fixture)));
  writeFileSync(path.join(repository, name, 'config.pbtxt'), formatTritonConfig(tritonConfigForOnnx(inspection, { name, ...options })));
}

/** The regressor fixture: prediction = 0.5·x0 − 1.25·x1 + 2·x2 + 0.25, in float32. */
const regression = (row: readonly number[]) => Math.fround(Math.fround(Math.fround(0.5 * row[0]!) + Math.fround(-1.25 * row[1]!) + Math.fround(2 * row[2]!)) + 0.25);

async function start(repository: string, options: Partial<InferenceServerOptions> = {}): Promise<{ server: InferenceServer; url: string }> {
  const server = await createInferenceServer({
    repository,
    version: 'test',
    tokens: new TokenTable([
      { name: 'reader', token: READ, role: 'read' },
      { name: 'operator', token: WRITE, role: 'write' },
    ]),
    logStream: { write: () => undefined },
    ...options,
  });
  return { server, url: await server.service.listen({ port: 0, host: '127.0.0.1' }) };
}

function call(url: string, method: string, route: string, options: { token?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {}) {
  return fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${options.token ?? READ}`, ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body as BodyInit }),
  });
}

describe('plinth inference serve: the Triton HTTP protocol over a model repository', () => {
  let repository: string;
  let url: string;
  let server: InferenceServer;

  beforeAll(async () => {
    repository = mkdtempSync(path.join(tmpdir(), 'plinth-inference-'));
    addModel(repository, 'price', 'regressor.onnx', [1, 2], { maxBatchSize: 16, dynamicBatching: { preferredBatchSize: [8], maxQueueDelayMicroseconds: 2000 }, versionPolicy: { all: {} } });
    addModel(repository, 'churn', 'binary-classifier.onnx', [3], { maxBatchSize: 8 });
    addModel(repository, 'scrambler', 'custom-op.onnx');
    ({ server, url } = await start(repository));
  });
  afterAll(async () => {
    await server.service.close();
    rmSync(repository, { recursive: true, force: true });
  });

  it('answers server metadata and model metadata with datatypes and shapes (batch as -1, a reshaped label as [-1, 1])', async () => {
    expect(await (await call(url, 'GET', '/v2')).json()).toMatchObject({ name: 'plinth-inference', extensions: expect.arrayContaining(['binary_tensor_data', 'statistics']) });
    expect(await (await call(url, 'GET', '/v2/models/price')).json()).toEqual({
      name: 'price',
      versions: ['1', '2'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'prediction', datatype: 'FP32', shape: [-1, 1] }],
    });
    const churn = (await (await call(url, 'GET', '/v2/models/churn/versions/3')).json()) as { outputs: unknown[] };
    expect(churn.outputs).toEqual([
      { name: 'label', datatype: 'INT64', shape: [-1, 1] },
      { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
    ]);
  });

  it('infers with JSON tensors: the model computes what its weights say, for the version asked', async () => {
    const rows = [
      [1, 2, 3],
      [-0.5, 4.25, 10],
    ];
    for (const route of ['/v2/models/price/infer', '/v2/models/price/versions/1/infer']) {
      const answer = await call(url, 'POST', route, { body: JSON.stringify({ id: 'r1', inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 3], data: rows }] }) });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { id: string; model_name: string; model_version: string; outputs: { name: string; shape: number[]; data: number[] }[] };
      expect(body).toMatchObject({ id: 'r1', model_name: 'price', model_version: route.includes('versions/1') ? '1' : '2' });
      expect(body.outputs[0]).toMatchObject({ name: 'prediction', datatype: 'FP32', shape: [2, 1] });
      expect(body.outputs[0]!.data).toEqual(rows.map(regression));
    }
  });

  it("infers with Triton's binary tensor data extension both ways", async () => {
    const features = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const request = encodeInferRequest({ inputs: [{ name: 'features', datatype: 'FP32', shape: [3, 3], data: features, binary: true }], outputs: [{ name: 'prediction', binary: true }] });
    if (request.contentType !== 'application/octet-stream') throw new Error('expected a binary request');
    const answer = await call(url, 'POST', '/v2/models/price/infer', {
      body: Buffer.concat(request.chunks as Buffer[]),
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(request.headerLength) },
    });
    expect(answer.status).toBe(200);
    const headerLength = Number(answer.headers.get('inference-header-content-length'));
    const bytes = Buffer.from(await answer.arrayBuffer());
    const header = JSON.parse(bytes.subarray(0, headerLength).toString()) as { outputs: { name: string; shape: number[]; parameters: { binary_data_size: number } }[] };
    expect(header.outputs[0]).toMatchObject({ name: 'prediction', shape: [3, 1], parameters: { binary_data_size: 12 } });
    const predictions = new Float32Array(bytes.buffer.slice(bytes.byteOffset + headerLength, bytes.byteOffset + headerLength + 12));
    expect([...predictions]).toEqual([0.75, -1, 2.25]);
  });

  it('classifies with the classification extension: the top class per row as value:index', async () => {
    const answer = await call(url, 'POST', '/v2/models/churn/infer', {
      body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 4], data: [1, 2, 3, 4] }], outputs: [{ name: 'probabilities', parameters: { classification: 1 } }] }),
    });
    const body = (await answer.json()) as { outputs: { datatype: string; shape: number[]; data: string[] }[] };
    expect(body.outputs[0]).toMatchObject({ datatype: 'BYTES', shape: [1, 1] });
    expect(body.outputs[0]!.data[0]).toMatch(/^\d\.\d{6}:[01]$/);
  });

  it.each([
    ['an unknown model', '/v2/models/nope/infer', { inputs: [] }, 404, /unknown model: 'nope'/],
    ['an unknown version', '/v2/models/price/versions/9/infer', { inputs: [] }, 404, /version 9 is not found \(served versions: 1, 2\)/],
    ['a wrong datatype', '/v2/models/price/infer', { inputs: [{ name: 'features', datatype: 'INT32', shape: [1, 3], data: [1, 2, 3] }] }, 400, /features/],
    ['a shape that does not hold the data', '/v2/models/price/infer', { inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 3], data: [1, 2, 3] }] }, 400, /expected 6 elements/],
    ['a batch above max_batch_size', '/v2/models/price/infer', { inputs: [{ name: 'features', datatype: 'FP32', shape: [17, 3], data: new Array(51).fill(0) }] }, 400, /16/],
    ['an unknown input', '/v2/models/price/infer', { inputs: [{ name: 'colour', datatype: 'FP32', shape: [1, 3], data: [1, 2, 3] }] }, 400, /colour/],
  ])("refuses %s in Triton's error shape, and keeps serving", async (_what, route, body, status, message) => {
    const answer = await call(url, 'POST', route, { body: JSON.stringify(body) });
    expect(answer.status).toBe(status);
    const payload = (await answer.json()) as { error: string };
    expect(Object.keys(payload)).toEqual(['error']);
    expect(payload.error).toMatch(message);
    const next = await call(url, 'POST', '/v2/models/price/infer', { body: JSON.stringify({ inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 3], data: [0, 0, 0] }] }) });
    expect(next.status).toBe(200);
  });

  it('refuses malformed binary framing with a 400: fewer bytes than the header announces', async () => {
    const header = Buffer.from('{"inputs":[{"name":"features","datatype":"FP32","shape":[1,3],"parameters":{"binary_data_size":12}}]}');
    const answer = await call(url, 'POST', '/v2/models/price/infer', {
      body: Buffer.concat([header, Buffer.alloc(5)]),
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/binary|bytes/);
  });

  it("exports Triton's metrics per model and version, and Triton's statistics", async () => {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^nv_inference_request_success\{model="price",version="2"\} [1-9]/m);
    expect(metrics).toMatch(/^nv_inference_request_failure\{model="price",version="2",reason="REJECTED"\} [1-9]/m);
    expect(metrics).toMatch(/^nv_inference_exec_count\{model="price",version="1"\} [1-9]/m);
    const stats = (await (await call(url, 'GET', '/v2/models/price/versions/1/stats')).json()) as { model_stats: { name: string; version: string; inference_count: number }[] };
    expect(stats.model_stats).toEqual([expect.objectContaining({ name: 'price', version: '1', inference_count: 2 })]);
  });

  it('reports a model it refused to load in the repository index, and is not ready (strict readiness) while the others serve', async () => {
    const index = (await (await call(url, 'POST', '/v2/repository/index', { body: '{}' })).json()) as { name: string; state?: string; reason?: string }[];
    expect(index).toContainEqual({ name: 'scrambler', state: 'UNAVAILABLE', reason: expect.stringMatching(/operator-not-allowed: .*Scramble.*com\.example\.custom/) });
    expect(index).toContainEqual({ name: 'churn', version: '3', state: 'READY', reason: '' });
    expect((await fetch(`${url}/v2/health/ready`)).status).toBe(400);
    expect((await fetch(`${url}/v2/health/live`)).status).toBe(200);
  });

  it('unloads and loads a model through the repository API with a write token only', async () => {
    expect((await call(url, 'POST', '/v2/repository/models/churn/unload', { token: READ, body: '{}' })).status).toBe(403);
    expect((await call(url, 'POST', '/v2/repository/models/churn/unload', { token: WRITE, body: '{}' })).status).toBe(200);
    expect((await call(url, 'GET', '/v2/models/churn/ready')).status).toBe(400);
    const refused = await call(url, 'POST', '/v2/models/churn/infer', { body: JSON.stringify({ inputs: [] }) });
    expect(refused.status).toBe(404);
    expect((await call(url, 'POST', '/v2/repository/models/churn/load', { token: WRITE, body: '{}' })).status).toBe(200);
    expect((await call(url, 'GET', '/v2/models/churn/ready')).status).toBe(200);
  });

  it('asks for a token: none is a 401 on inference, while the health probes stay public', async () => {
    expect((await fetch(`${url}/v2/models/price/infer`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await fetch(`${url}/v2/health/live`)).status).toBe(200);
  });
});

describe('model control modes', () => {
  it('explicit: serves only the models named at start', async () => {
    const repository = mkdtempSync(path.join(tmpdir(), 'plinth-inference-explicit-'));
    addModel(repository, 'price', 'regressor.onnx');
    addModel(repository, 'churn', 'binary-classifier.onnx');
    const { server, url } = await start(repository, { modelControlMode: 'explicit', loadModels: ['churn'] });
    try {
      expect((await call(url, 'GET', '/v2/models/churn/ready')).status).toBe(200);
      expect((await call(url, 'GET', '/v2/models/price/ready')).status).toBe(400);
      expect(await (await call(url, 'POST', '/v2/repository/index', { body: '{}' })).json()).toContainEqual({ name: 'price' });
    } finally {
      await server.service.close();
      rmSync(repository, { recursive: true, force: true });
    }
  });

  it('poll: serves a model added to the repository and drops one removed from it', async () => {
    const repository = mkdtempSync(path.join(tmpdir(), 'plinth-inference-poll-'));
    addModel(repository, 'price', 'regressor.onnx');
    const { server, url } = await start(repository, { modelControlMode: 'poll', pollSeconds: 3600 });
    try {
      addModel(repository, 'churn', 'binary-classifier.onnx');
      rmSync(path.join(repository, 'price'), { recursive: true });
      await server.poller!.pollNow();
      expect((await call(url, 'GET', '/v2/models/churn/ready')).status).toBe(200);
      expect((await call(url, 'GET', '/v2/models/price/ready')).status).toBe(400);
    } finally {
      await server.service.close();
      rmSync(repository, { recursive: true, force: true });
    }
  });
});
