import type { NamedTensor } from '../tensor';

/** A model version as the v2 protocol names it: `/v2/models/{name}/versions/{version}`. */
export interface ModelVersionRef {
  readonly name: string;
  readonly version: string;
}

export interface InferenceRequest {
  /** Every input of the model once. Typed arrays are read, never detached or kept. */
  readonly inputs: readonly NamedTensor[];
  /**
   * The outputs to return, by name.
   * @default - every output the model can serve
   */
  readonly outputs?: readonly string[];
}

/**
 * Where a request's time went, with the meaning of Triton's statistics and metrics (nanoseconds here;
 * divide by 1000 for the `_us` metrics). A request's batch shares the compute durations: each request
 * of a batch reports the batch's, as Triton does.
 */
export interface RequestTiming {
  /** From arrival (after validation) to leaving the queue in a batch: `nv_inference_queue_duration_us`. */
  readonly queueNs: number;
  /** From leaving the queue to the session starting: batch assembly, the hop to the model's thread, building onnxruntime's tensors. `nv_inference_compute_input_duration_us`. */
  readonly computeInputNs: number;
  /** The session's run: `nv_inference_compute_infer_duration_us`. */
  readonly computeInferNs: number;
  /** From the session's end to the request's outputs: converting, the hop back, splitting the batch. `nv_inference_compute_output_duration_us`. */
  readonly computeOutputNs: number;
  /** From arrival to the outputs being ready: `nv_inference_request_duration_us`. */
  readonly requestNs: number;
}

export interface InferenceResult {
  /** The requested outputs, in the order requested (the model's order by default). */
  readonly outputs: readonly NamedTensor[];
  readonly timing: RequestTiming;
  /** The request's own batch size: its first dimension when the model batches, otherwise 1. `nv_inference_count` adds it. */
  readonly batchSize: number;
  /** The rows of the execution that served it, its batch and others joined to it. */
  readonly executionBatchSize: number;
  /** The instance (0 to instance count - 1) that ran it. */
  readonly instance: number;
}

/**
 * Hooks for metrics (prom-client in the server), called synchronously; they must not throw.
 * Triton counts inferences and executions only when they succeed, and so does this.
 */
export interface InferenceObserver {
  /** A request succeeded: `nv_inference_request_success`, `nv_inference_count` (+ batchSize) and the durations. */
  requestSucceeded?(model: ModelVersionRef, result: InferenceResult): void;
  /** A request failed, refused or in the model: `nv_inference_request_failure`. */
  requestFailed?(model: ModelVersionRef, error: Error): void;
  /** A batch ran successfully: `nv_inference_exec_count` (+1); batchSize is its rows. */
  batchExecuted?(model: ModelVersionRef, batchSize: number, instance: number): void;
}
