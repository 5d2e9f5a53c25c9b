import { ModelRuntime } from '../../../../services/inference/runtime/model-runtime';
import { countingObserver, directRun, features, MODEL_FILES, plain, ref } from './runtime-fixtures';

const { counts, observer } = countingObserver();
const runtime = new ModelRuntime({ observer });

beforeAll(async () => {
  await Promise.all([
    runtime.load(ref('regressor'), MODEL_FILES.regressor, { maxBatchSize: 8 }),
    runtime.load(ref('regressor-unbatched'), MODEL_FILES.regressor),
    // No request waits out the (long) delay here: every batch fills up to max_batch_size.
    runtime.load(ref('cities'), MODEL_FILES.stringInput, { maxBatchSize: 4, dynamicBatching: { maxQueueDelayMicroseconds: 60_000_000 } }),
  ]);
});
afterAll(() => runtime.close());

describe('inference through the model threads', () => {
  it('gives what onnxruntime gives when run directly, for a batch of rows', async () => {
    const input = features([
      [1, 2, 3],
      [-0.5, 0, 1e6],
      [3e38, -0, 0.1],
    ]);
    const expected = directRun(MODEL_FILES.regressor, [input]);
    const result = await runtime.infer(ref('regressor'), { inputs: [input] });
    expect(result.outputs.map((output) => [output.name, output.datatype])).toEqual([['prediction', 'FP32']]);
    expect(plain(result.outputs[0]!)).toEqual(expected.prediction);
    expect(result.batchSize).toBe(3);
    // The caller's typed array is only read: it is still usable after the batch crossed threads.
    expect(Array.from(input.data as Float32Array).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('takes full shapes without a batch dimension when max_batch_size is 0', async () => {
    const input = features([
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const expected = directRun(MODEL_FILES.regressor, [input]);
    const result = await runtime.infer(ref('regressor-unbatched'), { inputs: [input] });
    expect(plain(result.outputs[0]!)).toEqual(expected.prediction);
    expect(result.batchSize).toBe(1);
  });

  it('carries BYTES inputs as strings and INT64 outputs as bigints, split back per request from a batch', async () => {
    const cities = ['lima', 'nowhere', 'berlin', '\u0000lagos', 'lagos', '\ud800', 'Lima', 'lima'];
    const expected = directRun(MODEL_FILES.stringInput, [{ name: 'city', datatype: 'BYTES', shape: [8, 1], data: cities }]);
    const results = await Promise.all(cities.map((city) => runtime.infer(ref('cities'), { inputs: [{ name: 'city', datatype: 'BYTES', shape: [1, 1], data: [city] }] })));
    expect(results.flatMap((result) => plain(result.outputs[0]!).values)).toEqual(expected.city_id!.values);
    expect(results.map((result) => result.outputs[0]!.shape)).toEqual(cities.map(() => [1, 1]));
    expect(results.map((result) => result.executionBatchSize)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
    expect(results.every((result) => result.outputs[0]!.datatype === 'INT64')).toBe(true);
  });

  it('returns only the outputs asked for', async () => {
    const result = await runtime.infer(ref('regressor'), { inputs: [features([[1, 1, 1]])], outputs: ['prediction'] });
    expect(result.outputs.map((output) => output.name)).toEqual(['prediction']);
  });

  it('times each request the way Triton does: queue, compute input, infer and output within the request', async () => {
    const result = await runtime.infer(ref('regressor'), { inputs: [features([[1, 2, 3]])] });
    const { queueNs, computeInputNs, computeInferNs, computeOutputNs, requestNs } = result.timing;
    for (const duration of [queueNs, computeInputNs, computeInferNs, computeOutputNs]) expect(duration).toBeGreaterThanOrEqual(0);
    expect(requestNs).toBeGreaterThanOrEqual(queueNs + computeInputNs + computeInferNs + computeOutputNs);
    expect(result.executionBatchSize).toBe(1);
  });

  it('tells the observer about every success, inference row and execution', () => {
    // 1 + 1 + 8 + 1 + 1 requests so far; rows 3 + 1 + 8 + 1 + 1.
    expect(counts.succeeded).toBe(12);
    expect(counts.inferences).toBe(14);
    expect(counts.executions).toBe(6);
    expect(counts.executedRows).toEqual([3, 1, 4, 4, 1, 1]);
    expect(counts.failed).toBe(0);
  });
});
