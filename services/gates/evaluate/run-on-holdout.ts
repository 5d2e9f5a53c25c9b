import { UserFacingError } from '../../../core/exit-codes';
import { ServiceError } from '../../kit/server/errors';
import type { LoadedModel } from '../../inference/runtime/loaded-model';
import type { ModelRuntime } from '../../inference/runtime/model-runtime';
import type { HostTensor, NamedTensor, TensorData } from '../../inference/tensor';
import type { FeedPlan } from './model-feeds';
import type { Holdout } from './holdout';

/** Batches in flight at once: one running while the next crosses to the model's thread. */
const IN_FLIGHT = 2;

/**
 * Loads a model into the inference runtime (its own worker thread, batches up to `maxBatchSize` rows).
 * A model the runtime refuses (a fixed batch dimension, an input it cannot serve) is bad input naming it.
 */
export async function loadForEvaluation(runtime: ModelRuntime, name: string, file: string, maxBatchSize: number): Promise<LoadedModel> {
  try {
    return await runtime.load({ name, version: '1' }, file, { maxBatchSize });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid') {
      throw new UserFacingError(`${error.message} (the gates run every row in batches, so each input and output needs a variable first dimension)`, undefined, { cause: error });
    }
    throw error;
  }
}

/**
 * Every holdout row through the model, `batchRows` at a time, in order. Returns each requested output
 * over all rows (the batches' outputs concatenated along the first dimension).
 */
export async function runOnHoldout(model: LoadedModel, feeds: FeedPlan, holdout: Holdout, outputs: readonly string[], batchRows: number): Promise<Map<string, HostTensor>> {
  const starts = Array.from({ length: Math.ceil(holdout.rows / batchRows) }, (_, index) => index * batchRows);
  const results: (readonly NamedTensor[])[] = new Array(starts.length);
  let next = 0;
  const worker = async () => {
    while (next < starts.length) {
      const index = next++;
      const start = starts[index]!;
      const count = Math.min(batchRows, holdout.rows - start);
      const result = await model.infer({ inputs: feeds.tensors(holdout, start, count), outputs }).catch((error: unknown) => {
        if (error instanceof ServiceError && error.kind === 'invalid') throw new UserFacingError(`rows ${start + 1}–${start + count} of ${holdout.file}: ${error.message}`, undefined, { cause: error });
        throw error;
      });
      results[index] = result.outputs;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, starts.length) }, worker));
  return new Map(outputs.map((name, position) => [name, concatenate(results.map((batch) => batch[position]!))]));
}

function concatenate(parts: readonly NamedTensor[]): HostTensor {
  const first = parts[0]!;
  const rows = parts.reduce((sum, part) => sum + (part.shape[0] ?? 1), 0);
  const length = parts.reduce((sum, part) => sum + part.data.length, 0);
  let data: TensorData;
  if (Array.isArray(first.data)) {
    data = parts.flatMap((part) => part.data as string[]);
  } else {
    const Type = first.data.constructor as new (length: number) => Exclude<TensorData, string[]>;
    const joined = new Type(length);
    let offset = 0;
    for (const part of parts) {
      (joined as Float32Array).set(part.data as Float32Array, offset);
      offset += part.data.length;
    }
    data = joined;
  }
  return { datatype: first.datatype, shape: [rows, ...first.shape.slice(1)], data };
}
