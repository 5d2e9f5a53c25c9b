import type { TritonModelConfig, TritonTensorConfig } from '../../kit/models/triton-model-config';
import { elementCount, type NamedTensor } from '../tensor';

/**
 * Triton's `reshape`: a tensor that clients see with the config's `dims` while the model takes (or
 * gives) `reshape.shape`, the same elements in the same order. A classifier's `[N]` label is served
 * as `[N, 1]`, as Triton serves it. The batch dimension, when the model batches, stays in front.
 */
function reshaped<T extends { readonly shape: readonly number[] }>(tensor: T, entry: TritonTensorConfig | undefined, batching: boolean, to: 'model' | 'client'): T {
  if (entry?.reshape === undefined) return tensor;
  const inner = to === 'model' ? entry.reshape.shape : entry.dims;
  const shape = batching ? [tensor.shape[0] ?? 1, ...inner] : [...inner];
  // A request whose elements do not fit is left as sent: the model's own check names the input and what it takes.
  return elementCount(shape) === elementCount(tensor.shape) ? { ...tensor, shape } : tensor;
}

/** Request inputs as the model takes them. */
export function inputsForModel(inputs: readonly NamedTensor[], config: TritonModelConfig): NamedTensor[] {
  return inputs.map((input) => reshaped(input, config.input.find((entry) => entry.name === input.name), config.maxBatchSize > 0, 'model'));
}

/** Model outputs as clients receive them. */
export function outputsForClient(outputs: readonly NamedTensor[], config: TritonModelConfig): NamedTensor[] {
  return outputs.map((output) => reshaped(output, config.output.find((entry) => entry.name === output.name), config.maxBatchSize > 0, 'client'));
}

/** A tensor's shape in model metadata: the config's dims for a reshaped tensor, -1 for the batch. */
export function metadataShape(name: string, modelShape: readonly number[] | undefined, entries: readonly TritonTensorConfig[], config: TritonModelConfig): readonly number[] {
  const entry = entries.find((candidate) => candidate.name === name);
  if (entry?.reshape !== undefined) return config.maxBatchSize > 0 ? [-1, ...entry.dims] : entry.dims;
  return modelShape ?? [-1];
}
