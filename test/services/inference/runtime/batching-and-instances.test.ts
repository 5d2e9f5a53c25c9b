import { ServiceError } from '../../../../services/kit/server/errors';
import { ModelRuntime } from '../../../../services/inference/runtime/model-runtime';
import type { NamedTensor } from '../../../../services/inference/tensor';
import { countingObserver, directRun, features, MODEL_FILES, plain, ref, spinInputs } from './runtime-fixtures';

const index = (value: number): NamedTensor => ({ name: 'index', datatype: 'INT64', shape: [1, 1], data: new BigInt64Array([BigInt(value)]) });

describe('dynamic batching', () => {
  const { counts, observer } = countingObserver();
  const runtime = new ModelRuntime({ observer });
  afterAll(() => runtime.close());

  it('joins 64 concurrent requests of one row into fewer executions, each answer its own row', async () => {
    await runtime.load(ref('regressor'), MODEL_FILES.regressor, {
      maxBatchSize: 32,
      dynamicBatching: { preferredBatchSize: [16, 32], maxQueueDelayMicroseconds: 5000 },
    });
    const rows = Array.from({ length: 64 }, (_, at) => [at, -at / 3, 1.5]);
    const expected = directRun(MODEL_FILES.regressor, [features(rows)]).prediction!.values;
    // Submitted in one go: while the one instance runs a batch, the rest queue and join the next.
    // (Which sizes form depends on how fast they arrive against the 5 ms delay; the count does not.)
    const results = await Promise.all(rows.map((row) => runtime.infer(ref('regressor'), { inputs: [features([row])] })));

    expect(results.map((result) => plain(result.outputs[0]!))).toEqual(expected.map((value) => ({ dims: [1, 1], values: [value] })));
    expect(counts.executions).toBeLessThan(64);
    expect(Math.max(...counts.executedRows)).toBeLessThanOrEqual(32);
    expect(counts.inferences).toBe(64);
    expect(results.some((result) => result.executionBatchSize > 1)).toBe(true);
  });

  it('fails only the request whose data the model fails on; the rest of its batch and later requests are served', async () => {
    // The four requests reach the preferred size together, whatever the machine's speed: one batch.
    await runtime.load(ref('lookup'), MODEL_FILES.lookup, { maxBatchSize: 8, dynamicBatching: { preferredBatchSize: [4], maxQueueDelayMicroseconds: 60_000_000 } });
    const before = counts.executions;
    const outcomes = await Promise.allSettled([0, 4, 42, 2].map((value) => runtime.infer(ref('lookup'), { inputs: [index(value)] })));

    const [first, second, bad, fourth] = outcomes;
    expect(bad?.status).toBe('rejected');
    const error = (bad as PromiseRejectedResult).reason as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/^model 'lookup' version '1' failed on this request's inputs: .*Gather.*idx=42/);
    const values = [first, second, fourth].map((outcome) => (outcome?.status === 'fulfilled' ? Array.from(outcome.value.outputs[0]!.data as Float32Array) : outcome?.reason));
    expect(values).toEqual([[10], [50], [30]]);
    // The four ran as one batch, which failed; then each ran alone: three executions succeeded.
    expect(counts.executions - before).toBe(3);

    const after = await Promise.all([1, 3, 0, 1].map((value) => runtime.infer(ref('lookup'), { inputs: [index(value)] })));
    expect(after.map((result) => Array.from(result.outputs[0]!.data as Float32Array))).toEqual([[20], [40], [10], [20]]);
    expect(after.map((result) => result.executionBatchSize)).toEqual([4, 4, 4, 4]);
  });
});

describe('model instances', () => {
  const { counts, observer } = countingObserver();
  const runtime = new ModelRuntime({ observer });
  afterAll(() => runtime.close());

  it('runs batches on several instances at once, each in its own thread', async () => {
    const model = await runtime.load(ref('spin'), MODEL_FILES.spin, { maxBatchSize: 1, instanceCount: 2 });
    expect(model.liveInstances).toBe(2);
    const pending = [runtime.infer(ref('spin'), { inputs: spinInputs(1, 20_000) }), runtime.infer(ref('spin'), { inputs: spinInputs(2, 20_000) })];
    // Both went to a free instance as they arrived: two executions under way together.
    expect(model.busyInstances).toBe(2);
    const results = await Promise.all(pending);
    expect(results.map((result) => Array.from(result.outputs[0]!.data as Float32Array))).toEqual([[20_001], [20_002]]);
    expect(new Set(results.map((result) => result.instance))).toEqual(new Set([0, 1]));
  });

  it('gives the next queued request to whichever instance is free', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, at) => runtime.infer(ref('spin'), { inputs: spinInputs(at, 2_000) })));
    expect(results.map((result) => (result.outputs[0]!.data as Float32Array)[0])).toEqual(Array.from({ length: 8 }, (_, at) => at + 2_000));
    expect(counts.executions).toBe(10);
    expect(counts.instances).toEqual(new Set([0, 1]));
  });
});
