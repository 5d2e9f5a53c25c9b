import { ServiceError } from '../../../../services/kit/server/errors';
import { ModelRuntime } from '../../../../services/inference/runtime/model-runtime';
import type { InferenceRequest } from '../../../../services/inference/runtime/inference-request';
import { countingObserver, features, MODEL_FILES, ref } from './runtime-fixtures';

const { counts, observer } = countingObserver();
const runtime = new ModelRuntime({ observer });

beforeAll(async () => {
  await Promise.all([
    runtime.load(ref('regressor'), MODEL_FILES.regressor, { maxBatchSize: 4 }),
    runtime.load(ref('fixed'), MODEL_FILES.fixedBatch),
    runtime.load(ref('zipmap'), MODEL_FILES.zipmap, { maxBatchSize: 4 }),
  ]);
});
afterAll(() => runtime.close());

async function refusal(model: string, request: InferenceRequest): Promise<ServiceError> {
  const error = await runtime.infer(ref(model), request).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe('requests are checked against the model before they queue', () => {
  it('refuses a wrong input name, naming it and the inputs the model takes', async () => {
    const error = await refusal('regressor', { inputs: [{ ...features([[1, 2, 3]]), name: 'feature' }] });
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(
      "model 'regressor' version '1': unknown input 'feature'; the model's inputs are features (FP32 [-1,3]); missing input 'features' (FP32 [-1,3])",
    );
  });

  it('refuses a missing input and a repeated one', async () => {
    expect((await refusal('regressor', { inputs: [] })).message).toMatch(/missing input 'features' \(FP32 \[-1,3\]\)/);
    expect((await refusal('regressor', { inputs: [features([[1, 2, 3]]), features([[1, 2, 3]])] })).message).toMatch(/input 'features' appears more than once/);
  });

  it('refuses a wrong datatype, saying which the model takes', async () => {
    const error = await refusal('regressor', { inputs: [{ name: 'features', datatype: 'FP64', shape: [1, 3], data: new Float64Array(3) }] });
    expect(error.message).toBe("model 'regressor' version '1': input 'features' is FP64; the model takes FP32");
  });

  it('refuses a rank or a fixed dimension the model does not take', async () => {
    const rank = await refusal('regressor', { inputs: [{ name: 'features', datatype: 'FP32', shape: [3], data: new Float32Array(3) }] });
    expect(rank.message).toBe(
      "model 'regressor' version '1': input 'features' has rank 1 ([3]); the model takes rank 2: [-1,3] (-1: any size; the first dimension is the batch, 1 to 4)",
    );
    const dim = await refusal('regressor', { inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }] });
    expect(dim.message).toMatch(/input 'features' has 4 at dimension 1 \(\[1,4\]\); the model takes \[-1,3\]/);
    const fixed = await refusal('fixed', { inputs: [{ name: 'features', datatype: 'FP32', shape: [7, 4], data: new Float32Array(28) }] });
    expect(fixed.message).toBe("model 'fixed' version '1': input 'features' has 7 at dimension 0 ([7,4]); the model takes [8,4] (-1: any size)");
  });

  it('refuses a batch above max_batch_size, and an empty one', async () => {
    const rows = [1, 2, 3, 4, 5].map((row) => [row, row, row]);
    const error = await refusal('regressor', { inputs: [features(rows)] });
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe("model 'regressor' version '1': input 'features' has a batch of 5; the model takes batches of 1 to 4 (max_batch_size)");
    expect((await refusal('regressor', { inputs: [features([])] })).message).toMatch(/a batch of 0/);
  });

  it('refuses data that does not fill the shape, and dimensions that are not sizes', async () => {
    expect((await refusal('regressor', { inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 3], data: new Float32Array(5) }] })).message).toMatch(
      /input 'features' has shape \[2,3\] \(6 elements\) but 5 data elements/,
    );
    expect((await refusal('regressor', { inputs: [{ name: 'features', datatype: 'FP32', shape: [1, -3], data: new Float32Array(3) }] })).message).toMatch(
      /dimensions must be non-negative integers/,
    );
  });

  it('refuses an unknown output, and an output no v2 datatype carries', async () => {
    expect((await refusal('regressor', { inputs: [features([[1, 2, 3]])], outputs: ['score'] })).message).toMatch(/unknown output 'score'; the model's outputs are prediction/);
    const zipmap = await refusal('zipmap', { inputs: [{ name: 'features', datatype: 'FP32', shape: [1, 4], data: new Float32Array(4) }], outputs: ['output_probability'] });
    expect(zipmap.message).toMatch(/output 'output_probability' is a sequence or map, which no v2 datatype carries/);
  });

  it("serves a model's tensor outputs when another output is a sequence of maps", async () => {
    const result = await runtime.infer(ref('zipmap'), { inputs: [{ name: 'features', datatype: 'FP32', shape: [2, 4], data: new Float32Array(8) }] });
    expect(result.outputs.map((output) => [output.name, output.datatype, output.shape])).toEqual([['label', 'INT64', [2]]]);
  });

  it('refuses a model that is not loaded as not found', async () => {
    const error = await refusal('absent', { inputs: [] });
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe("model 'absent' version '1' is not loaded");
  });

  it('counts every refusal as a failed request and runs nothing for them', () => {
    expect(counts.failed).toBe(14);
    expect(counts.executions).toBe(1);
  });
});
