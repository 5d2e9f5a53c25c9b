import type { V2Datatype } from '../tensor';

/**
 * What the model runtime needs from a model's Triton configuration (config.pbtxt). Field names follow
 * Triton's ModelConfig in camelCase, so that the repository's parsed config maps onto it field by
 * field; datatypes are the v2 protocol's names (`FP32`, `BYTES`), not the config's `TYPE_FP32`.
 */
export interface RuntimeModelConfig {
  /**
   * 0: requests carry the model's full shapes and each runs alone. Above 0: every input and output
   * has a leading batch dimension, a request's batch is at most this, and dynamic batching may join
   * requests into batches up to this size.
   * @default 0
   */
  readonly maxBatchSize?: number;
  /**
   * Present: requests queue and run in batches formed as Triton's dynamic batcher forms them. Needs
   * maxBatchSize > 0.
   * @default - each request runs alone
   */
  readonly dynamicBatching?: RuntimeDynamicBatching;
  /**
   * Sessions of the model, each in its own worker thread: up to this many batches run at once.
   * Triton's `instance_group [{ count }]`, summed over KIND_CPU groups.
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * The inputs as the config declares them; the model's own signature is the reference and these
   * may narrow it (a fixed size where the model says any). Names must exist in the model.
   * @default - the model's inputs as onnxruntime reports them
   */
  readonly input?: readonly RuntimeTensorConfig[];
  /**
   * The outputs as the config declares them, checked against the model like `input`.
   * @default - the model's outputs as onnxruntime reports them
   */
  readonly output?: readonly RuntimeTensorConfig[];
}

export interface RuntimeDynamicBatching {
  /**
   * Batch sizes to form when the queue allows; the largest reachable wins.
   * @default - none: batches grow up to maxBatchSize
   */
  readonly preferredBatchSize?: readonly number[];
  /**
   * How long the oldest queued request may wait for others to join its batch; 0 runs whatever is
   * queued as soon as an instance is free.
   * @default 0
   */
  readonly maxQueueDelayMicroseconds?: number;
}

export interface RuntimeTensorConfig {
  readonly name: string;
  /** @default - the model's element type */
  readonly datatype?: V2Datatype;
  /** Without the batch dimension when maxBatchSize > 0; -1 for a dimension of any size. */
  readonly dims: readonly number[];
}
