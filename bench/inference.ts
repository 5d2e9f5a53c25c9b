/**
 * The inference server as its clients wait for it: `plinth inference serve` in its own process, 64
 * concurrent clients (autocannon), a perceptron (bench/models/mlp.onnx, 512 → 2048 → 2048 → 10).
 *
 * - Batch 64, JSON and binary tensors: rows per second and p50/p99 latency, against the ceiling, a
 *   direct `session.run` loop over the same batch in this process with the same onnxruntime threads
 *   (goal: the server's binary rows per second within 10% of it).
 * - Batch 1: requests per second with Triton's dynamic batching against the same model served with
 *   every request alone (goal: dynamic batching raises it).
 *
 *   npx tsx bench/inference.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { encodeInferRequest } from '../services/inference/protocol/encode-infer-request';
import { publishToRepository } from '../services/kit/models/publish-to-repository';
import { freePort } from '../test/support/free-port';
import { printFigure } from './figures';

const ROOT = path.resolve(__dirname, '..');
const MODEL = path.join(__dirname, 'models', 'mlp.onnx');
const FEATURES = 512;
const CONNECTIONS = 64;
const SECONDS = Number(process.env.PLINTH_BENCH_SECONDS ?? 8);

function features(rows: number): Float32Array {
  return Float32Array.from({ length: rows * FEATURES }, (_, i) => Math.sin(i));
}

function requestBody(rows: number, binary: boolean): { body: Buffer; headers: Record<string, string> } {
  const encoded = encodeInferRequest({
    inputs: [{ name: 'features', datatype: 'FP32', shape: [rows, FEATURES], data: features(rows), binary }],
    ...(binary ? { outputs: [{ name: 'scores', binary: true }] } : {}),
  });
  if (encoded.contentType === 'application/json') return { body: Buffer.from(encoded.body), headers: { 'content-type': 'application/json' } };
  return { body: Buffer.concat(encoded.chunks as Buffer[]), headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(encoded.headerLength) } };
}

async function startServer(repository: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'plinth.js'), 'inference', 'serve', '--model-repository', repository, '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, PLINTH_TOKENS: '', PLINTH_TOKENS_FILE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server listening at')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`the inference server exited:\n${output}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function load(url: string, rows: number, binary: boolean): Promise<autocannon.Result> {
  const { body, headers } = requestBody(rows, binary);
  const result = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result;
}

/** Rows per second of `session.run` on one batch after another: what one model instance can do. */
async function ceiling(rows: number): Promise<number> {
  const session = await InferenceSession.create(readFileSync(MODEL), { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const input = new Tensor('float32', features(rows), [rows, FEATURES]);
  for (let i = 0; i < 50; i++) await session.run({ features: input });
  let runs = 0;
  const started = process.hrtime.bigint();
  const budget = BigInt(SECONDS) * 1_000_000_000n;
  while (process.hrtime.bigint() - started < budget) {
    await session.run({ features: input });
    runs++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await session.release();
  return (runs * rows) / seconds;
}

async function main(): Promise<void> {
  const repository = mkdtempSync(path.join(tmpdir(), 'plinth-bench-inference-'));
  const bytes = readFileSync(MODEL);
  await publishToRepository(repository, 'mlp', bytes, { maxBatchSize: 64, dynamicBatching: { preferredBatchSize: [16, 32, 64], maxQueueDelayMicroseconds: 500 } });
  // The same model with each request run alone: max_batch_size 0 (full shapes, no batcher).
  await publishToRepository(repository, 'mlp-alone', bytes, { maxBatchSize: 0 });
  const ceilingRows = await ceiling(64);
  const { child, url } = await startServer(repository);
  try {
    for (const binary of [false, true]) {
      const result = await load(`${url}/v2/models/mlp-alone/infer`, 64, binary);
      const label = `inference, batch 64, ${binary ? 'binary' : 'JSON'}, ${CONNECTIONS} clients`;
      const rows = result.requests.average * 64;
      printFigure(`${label}, rows per second`, rows, 'rows/s');
      printFigure(`${label}, share of the direct session.run loop (${Math.round(ceilingRows)} rows/s; goal: 90% or more)`, (100 * rows) / ceilingRows, '%');
      printFigure(`${label}, p50`, result.latency.p50, 'ms');
      printFigure(`${label}, p99`, result.latency.p99, 'ms');
    }
    const alone = await load(`${url}/v2/models/mlp-alone/infer`, 1, true);
    const batched = await load(`${url}/v2/models/mlp/infer`, 1, true);
    printFigure(`inference, batch 1, binary, ${CONNECTIONS} clients, dynamic batching, requests per second`, batched.requests.average, 'req/s');
    printFigure(`inference, batch 1, binary, ${CONNECTIONS} clients, each request alone, requests per second`, alone.requests.average, 'req/s');
    printFigure(`inference, batch 1, dynamic batching, p99`, batched.latency.p99, 'ms', { baseline: 'each request alone', value: alone.latency.p99 });
  } finally {
    child.kill('SIGTERM');
    rmSync(repository, { recursive: true, force: true });
  }
}

void main();
