import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ServiceError } from '../../../../services/kit/server/errors';
import { LoadedModel } from '../../../../services/inference/runtime/loaded-model';
import { ModelRuntime } from '../../../../services/inference/runtime/model-runtime';
import { features, MODEL_FILES, ref, spinInputs } from './runtime-fixtures';

let folder: string;
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'plinth-runtime-'));
  // Threads that start once per process (libuv's pool with the first file read, onnxruntime's and
  // Node's own with the first session and worker) start here, before any test counts threads.
  await (await LoadedModel.load({ ref: ref('warm-up'), file: MODEL_FILES.regressor })).unload();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function loadRefusal(load: Promise<unknown>): Promise<ServiceError> {
  const error = await load.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ServiceError);
  expect((error as ServiceError).kind).toBe('invalid');
  return error as ServiceError;
}

/** The process's OS threads: each model instance is one, plus what onnxruntime starts. */
const threadCount = () => readdirSync('/proc/self/task').length;

describe('loading a model version', () => {
  it('refuses a file that is not ONNX, naming the model and the file, and leaves no thread running', async () => {
    const file = path.join(folder, 'model.onnx');
    writeFileSync(file, 'name: "churn"\nplatform: "onnxruntime_onnx"\n');
    const before = threadCount();
    const error = await loadRefusal(LoadedModel.load({ ref: ref('churn', '3'), file, config: { instanceCount: 2 } }));
    expect(error.message).toBe(`cannot load model 'churn' version '3' from ${file}: onnxruntime: Failed to load model because protobuf parsing failed.`);
    expect(threadCount()).toBe(before);
  });

  it('refuses a file that cannot be read', async () => {
    const file = path.join(folder, 'absent.onnx');
    const error = await loadRefusal(LoadedModel.load({ ref: ref('churn'), file }));
    expect(error.message).toMatch(new RegExp(`^cannot load model 'churn' version '1' from ${file}: ENOENT`));
  });

  it('refuses a config out of range, every problem at once, before starting any thread', async () => {
    const error = await loadRefusal(
      LoadedModel.load({
        ref: ref('regressor'),
        file: MODEL_FILES.regressor,
        config: { maxBatchSize: 0, instanceCount: 0, dynamicBatching: { preferredBatchSize: [0], maxQueueDelayMicroseconds: -1 } },
      }),
    );
    expect(error.message).toBe(
      `cannot load model 'regressor' version '1' from ${MODEL_FILES.regressor}: instance count is 0; expected an integer from 1; ` +
        'dynamic_batching needs max_batch_size above 0 (requests without a batch dimension cannot be joined); ' +
        'dynamic_batching.preferred_batch_size 0 is not an integer from 1 to max_batch_size (0); ' +
        'dynamic_batching.max_queue_delay_microseconds is -1; expected 0 or more',
    );
  });

  it('refuses a config that disagrees with the model: names, datatypes, dims', async () => {
    const error = await loadRefusal(
      LoadedModel.load({
        ref: ref('regressor'),
        file: MODEL_FILES.regressor,
        config: {
          maxBatchSize: 8,
          input: [
            { name: 'features', datatype: 'FP64', dims: [4] },
            { name: 'extra', dims: [1] },
          ],
          output: [{ name: 'prediction', dims: [1] }],
        },
      }),
    );
    expect(error.message).toMatch(/config input 'features' is FP64 but the model's is FP32/);
    expect(error.message).toMatch(/config input 'features' has dims \[4\] \(with the batch dimension first: \[-1,4\]\) but the model's is \[-1,3\]/);
    expect(error.message).toMatch(/config input 'extra' is not one of the model's; its inputs are: features/);
    expect(error.message).not.toMatch(/prediction/);
  });

  it('refuses max_batch_size above 0 for a model whose first dimension is fixed', async () => {
    const error = await loadRefusal(LoadedModel.load({ ref: ref('fixed'), file: MODEL_FILES.fixedBatch, config: { maxBatchSize: 8 } }));
    expect(error.message).toMatch(/max_batch_size 8 needs a variable first dimension in every input and output, but the model's input 'features' is \[8,4\]; set max_batch_size: 0/);
  });

  it("narrows the model's shape by the config's dims", async () => {
    const model = await LoadedModel.load({ ref: ref('regressor'), file: MODEL_FILES.regressor, config: { maxBatchSize: 4, input: [{ name: 'features', dims: [3] }] } });
    try {
      expect(model.signature.inputs).toEqual([{ name: 'features', datatype: 'FP32', shape: [-1, 3] }]);
      expect(model.signature.outputs).toEqual([{ name: 'prediction', datatype: 'FP32', shape: [-1, 1] }]);
    } finally {
      await model.unload();
    }
  });
});

describe('unloading and shutting down', () => {
  it('lets queued and running requests finish, refuses new ones, then stops the threads', async () => {
    const model = await LoadedModel.load({ ref: ref('spin'), file: MODEL_FILES.spin, config: { maxBatchSize: 1 } });
    const pending = [1, 2, 3, 4].map((x) => model.infer({ inputs: spinInputs(x, 20_000) }));
    expect(model.busyInstances).toBe(1);
    const unloaded = model.unload();

    const refused = await model.infer({ inputs: spinInputs(5, 1) }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceError);
    expect((refused as ServiceError).kind).toBe('unavailable');
    expect((refused as ServiceError).message).toBe("model 'spin' version '1' is unloading");

    const results = await Promise.all(pending);
    expect(results.map((result) => (result.outputs[0]!.data as Float32Array)[0])).toEqual([20_001, 20_002, 20_003, 20_004]);
    await unloaded;
    expect(model.ready).toBe(false);
    expect(model.liveInstances).toBe(0);
  });

  it('runs what is queued for a batch without waiting out the queue delay', async () => {
    const model = await LoadedModel.load({
      ref: ref('regressor'),
      file: MODEL_FILES.regressor,
      config: { maxBatchSize: 8, dynamicBatching: { maxQueueDelayMicroseconds: 3_600_000_000 } },
    });
    const pending = [1, 2, 3].map((value) => model.infer({ inputs: [features([[value, value, value]])] }));
    await model.unload();
    const results = await Promise.all(pending);
    expect(results.map((result) => result.executionBatchSize)).toEqual([3, 3, 3]);
  });

  it('shuts down every model and thread; nothing loads afterwards', async () => {
    const runtime = new ModelRuntime();
    const before = threadCount();
    const models = await Promise.all([
      runtime.load(ref('regressor'), MODEL_FILES.regressor, { instanceCount: 2 }),
      runtime.load(ref('spin'), MODEL_FILES.spin, { instanceCount: 2, maxBatchSize: 1 }),
    ]);
    expect(threadCount()).toBeGreaterThanOrEqual(before + 4);
    const running = runtime.infer(ref('spin'), { inputs: spinInputs(0, 5_000) });
    await runtime.close();
    expect((await running).outputs[0]!.data).toEqual(new Float32Array([5_000]));
    expect(models.map((model) => model.liveInstances)).toEqual([0, 0]);
    expect(threadCount()).toBe(before);
    const error = await runtime.load(ref('regressor'), MODEL_FILES.regressor).catch((thrown: unknown) => thrown);
    expect((error as ServiceError).kind).toBe('unavailable');
  });

  it('replaces a loaded version on reload; the old one finishes its queue', async () => {
    const runtime = new ModelRuntime();
    try {
      const old = await runtime.load(ref('spin'), MODEL_FILES.spin, { maxBatchSize: 1 });
      const queued = runtime.infer(ref('spin'), { inputs: spinInputs(1, 5_000) });
      const replacement = await runtime.load(ref('spin'), MODEL_FILES.spin, { maxBatchSize: 1 });
      expect((await queued).outputs[0]!.data).toEqual(new Float32Array([5_001]));
      expect(old.liveInstances).toBe(0);
      expect(runtime.get(ref('spin'))).toBe(replacement);
      expect(replacement.ready).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});
