/**
 * The inference server's protocol codecs in-process: decoding the two requests issue 11 names (a [64, 4] FP32
 * request in JSON, a [64, 784] FP32 request with Triton's binary tensor data extension) and encoding a response
 * both ways. Baselines: JSON.parse of the same text alone (the least any JSON decoder does) and the same
 * [64, 784] tensor sent as JSON. Heap figures are bytes allocated per decode, measured with the young generation
 * made large enough that no collection runs inside the loop (start with --max-semi-space-size=64).
 *
 *   node --max-semi-space-size=64 --import tsx bench/inference-protocol.ts
 */
import { decodeInferRequest } from '../services/inference/protocol/decode-infer-request';
import { encodeInferRequest } from '../services/inference/protocol/encode-infer-request';
import { encodeInferResponse } from '../services/inference/protocol/encode-infer-response';
import type { EncodedInferBody } from '../services/inference/protocol/encode-tensor-list';
import { allocateInferBody } from '../services/inference/protocol/infer-request-body';
import { median, printFigure } from './figures';

const RUNS = 7;

function floats(count: number): Float32Array {
  return Float32Array.from({ length: count }, (_, index) => Math.fround(Math.sin(index) * 3));
}

function received(encoded: EncodedInferBody): { body: Buffer | string; headerLength?: string } {
  if (encoded.contentType === 'application/json') return { body: encoded.body };
  // Read as the HTTP layer should: into memory that aligns the binary part.
  const body = allocateInferBody(encoded.chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0), encoded.headerLength);
  let offset = 0;
  for (const chunk of encoded.chunks) offset += chunk.copy(body, offset);
  return { body, headerLength: String(encoded.headerLength) };
}

/** Median microseconds per call of `work`, over RUNS rounds of `iterations` calls. */
function microseconds(iterations: number, work: () => unknown): number {
  for (let index = 0; index < iterations; index += 1) work();
  const rounds = Array.from({ length: RUNS }, () => {
    const start = process.hrtime.bigint();
    for (let index = 0; index < iterations; index += 1) work();
    return Number(process.hrtime.bigint() - start) / 1000 / iterations;
  });
  return median(rounds);
}

/** Median bytes allocated per call (JS heap and ArrayBuffers), over rounds short enough to fit the young generation. */
function heapBytes(iterations: number, work: () => unknown): number {
  const kept: unknown[] = new Array(iterations);
  const allocated = () => {
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const rounds = Array.from({ length: RUNS }, () => {
    const before = allocated();
    for (let index = 0; index < iterations; index += 1) kept[index] = work();
    const used = allocated() - before;
    kept.fill(undefined);
    return used / iterations;
  });
  return median(rounds);
}

const small = received(encodeInferRequest({ inputs: [{ name: 'x', datatype: 'FP32', shape: [64, 4], data: floats(256) }] }));
const smallText = small.body as string;
const mnist = floats(64 * 784);
const mnistBinary = received(encodeInferRequest({ inputs: [{ name: 'x', datatype: 'FP32', shape: [64, 784], data: mnist, binary: true }] }));
const mnistJson = received(encodeInferRequest({ inputs: [{ name: 'x', datatype: 'FP32', shape: [64, 784], data: mnist }] }));

printFigure('decode [64,4] FP32 JSON request', microseconds(2000, () => decodeInferRequest(small.body)), 'µs', {
  baseline: 'JSON.parse alone',
  value: microseconds(2000, () => JSON.parse(smallText)),
});
printFigure('decode [64,4] FP32 JSON request, memory', heapBytes(200, () => decodeInferRequest(small.body)), 'bytes', {
  baseline: 'JSON.parse alone',
  value: heapBytes(200, () => JSON.parse(smallText)),
});
printFigure('decode [64,784] FP32 binary request', microseconds(2000, () => decodeInferRequest(mnistBinary.body, mnistBinary.headerLength)), 'µs', {
  baseline: 'same tensor in JSON',
  value: microseconds(20, () => decodeInferRequest(mnistJson.body)),
});
printFigure('decode [64,784] FP32 binary request, memory', heapBytes(200, () => decodeInferRequest(mnistBinary.body, mnistBinary.headerLength)), 'bytes', {
  baseline: 'same tensor in JSON',
  value: heapBytes(5, () => decodeInferRequest(mnistJson.body)),
});
const probabilities = { name: 'probabilities', datatype: 'FP32' as const, shape: [64, 10], data: floats(640) };
printFigure('encode [64,10] FP32 response, binary', microseconds(2000, () => encodeInferResponse({ modelName: 'm', modelVersion: '1', outputs: [{ ...probabilities, binary: true }] })), 'µs', {
  baseline: 'in JSON',
  value: microseconds(2000, () => encodeInferResponse({ modelName: 'm', modelVersion: '1', outputs: [probabilities] })),
});
