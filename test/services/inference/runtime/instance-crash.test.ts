import type { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { ServiceError } from '../../../../services/kit/server/errors';
import { ModelInstance } from '../../../../services/inference/runtime/model-instance';
import { ModelScheduler } from '../../../../services/inference/runtime/model-scheduler';
import { modelSignature } from '../../../../services/inference/runtime/model-signature';
import { checkRequest } from '../../../../services/inference/runtime/request-check';
import { MODEL_FILES, ref, spinInputs } from './runtime-fixtures';

describe('an instance whose thread dies', () => {
  it('fails only the batch it was running, and a replacement serves the next requests', async () => {
    const setup = { model: readFileSync(MODEL_FILES.spin), intraOpThreads: 1 };
    const started: ModelInstance[] = [];
    const start = async (index: number) => {
      const instance = await ModelInstance.start(index, setup);
      started.push(instance);
      return instance;
    };
    const first = await start(0);
    const signature = modelSignature(first.signature, { maxBatchSize: 1 });
    const scheduler = new ModelScheduler({ ref: ref('spin'), label: "model 'spin' version '1'", batching: true, instances: [first], restart: start });
    const submit = (x: number, spins: number) => scheduler.submit(checkRequest("model 'spin' version '1'", signature, { inputs: spinInputs(x, spins) }), 0);
    try {
      const running = submit(1, 50_000_000).catch((error: unknown) => error);
      const queued = submit(2, 10);
      // What an out-of-memory kill or a native crash looks like from outside: the thread just ends.
      await (first as unknown as { worker: Worker }).worker.terminate();

      const error = (await running) as ServiceError;
      expect(error).toBeInstanceOf(ServiceError);
      expect(error.kind).toBe('internal');
      expect(error.message).toMatch(/^model 'spin' version '1': instance 0 stopped \(exit code \d+\) while running this request$/);
      expect(Array.from((await queued).outputs[0]!.data as Float32Array)).toEqual([12]);
      expect(started).toHaveLength(2);
      expect(scheduler.liveInstances).toBe(1);
    } finally {
      await scheduler.close();
    }
  });
});
