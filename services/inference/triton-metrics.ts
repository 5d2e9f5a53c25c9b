import { Counter, Gauge, type Registry, Summary } from 'prom-client';

/** What one inference request cost, in microseconds, with Triton's meaning of each phase. */
export interface RequestTiming {
  /** From the request's arrival at the server to its response. */
  readonly requestUs: number;
  /** Waiting in the model's queue (dynamic batching, busy instances). */
  readonly queueUs: number;
  /** Preparing inputs for the backend: the request's share of its batch's. */
  readonly computeInputUs: number;
  /** Running the model: the request's share of its batch's. */
  readonly computeInferUs: number;
  /** Taking the outputs from the backend: the request's share of its batch's. */
  readonly computeOutputUs: number;
}

type ModelLabels = 'model' | 'version';

/**
 * Triton's Prometheus metrics, with Triton's names, labels (`model`, `version`) and units, so that the
 * dashboards, the canary analysis and the KEDA queue-time query serve this server and Triton alike.
 * Durations are cumulative counters in microseconds, as Triton exports them; the latency summary is
 * what Triton exports with `--metrics-config summary_latencies=true` (Plinth's Triton deployment sets it).
 */
export class TritonMetrics {
  private readonly success: Counter<ModelLabels>;
  private readonly failure: Counter<ModelLabels | 'reason'>;
  private readonly inferences: Counter<ModelLabels>;
  private readonly executions: Counter<ModelLabels>;
  private readonly requestDuration: Counter<ModelLabels>;
  private readonly queueDuration: Counter<ModelLabels>;
  private readonly computeInput: Counter<ModelLabels>;
  private readonly computeInfer: Counter<ModelLabels>;
  private readonly computeOutput: Counter<ModelLabels>;
  private readonly requestSummary: Summary<ModelLabels>;
  private readonly pending: Gauge<ModelLabels>;

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames: ModelLabels[] = ['model', 'version'];
    const counter = (name: string, help: string) => new Counter({ name, help, labelNames, registers });
    this.success = counter('nv_inference_request_success', 'Number of successful inference requests, all batch sizes');
    this.failure = new Counter({ name: 'nv_inference_request_failure', help: 'Number of failed inference requests, all batch sizes', labelNames: ['model', 'version', 'reason'], registers });
    this.inferences = counter('nv_inference_count', 'Number of inferences performed (does not include cached requests)');
    this.executions = counter('nv_inference_exec_count', 'Number of model executions performed (does not include cached requests)');
    this.requestDuration = counter('nv_inference_request_duration_us', 'Cumulative inference request duration in microseconds (includes cached requests)');
    this.queueDuration = counter('nv_inference_queue_duration_us', 'Cumulative inference queuing duration in microseconds (includes cached requests)');
    this.computeInput = counter('nv_inference_compute_input_duration_us', 'Cumulative compute input duration in microseconds (does not include cached requests)');
    this.computeInfer = counter('nv_inference_compute_infer_duration_us', 'Cumulative compute inference duration in microseconds (does not include cached requests)');
    this.computeOutput = counter('nv_inference_compute_output_duration_us', 'Cumulative inference compute output duration in microseconds (does not include cached requests)');
    this.requestSummary = new Summary({
      name: 'nv_inference_request_summary_us',
      help: 'Summary of inference request duration in microseconds (includes cached requests)',
      labelNames,
      percentiles: [0.5, 0.9, 0.95, 0.99],
      // A sliding window (prometheus-cpp's default, which Triton keeps), so a canary's p99 is its current traffic's.
      maxAgeSeconds: 60,
      ageBuckets: 5,
      registers,
    });
    this.pending = new Gauge({ name: 'nv_inference_pending_request_count', help: 'Instantaneous number of pending requests awaiting execution per-model.', labelNames, registers });
  }

  /** A request answered successfully: `batchSize` inferences (its first dimension when the model batches). */
  recordSuccess(model: string, version: string, batchSize: number, timing: RequestTiming): void {
    const labels = { model, version };
    // Whole microseconds, as Triton counts them.
    const us = Math.round;
    this.success.inc(labels);
    this.inferences.inc(labels, batchSize);
    this.requestDuration.inc(labels, us(timing.requestUs));
    this.queueDuration.inc(labels, us(timing.queueUs));
    this.computeInput.inc(labels, us(timing.computeInputUs));
    this.computeInfer.inc(labels, us(timing.computeInferUs));
    this.computeOutput.inc(labels, us(timing.computeOutputUs));
    this.requestSummary.observe(labels, us(timing.requestUs));
  }

  /**
   * A request that failed once its model was known. `reason` as Triton labels it: `REJECTED` (refused
   * before running: bad input, full queue), `BACKEND` (the model failed), `OTHER`.
   */
  recordFailure(model: string, version: string, reason: 'REJECTED' | 'BACKEND' | 'OTHER', requestUs: number): void {
    this.failure.inc({ model, version, reason });
    this.requestDuration.inc({ model, version }, requestUs);
    this.requestSummary.observe({ model, version }, requestUs);
  }

  /** One execution of the model, whatever the number of requests batched into it. */
  recordExecution(model: string, version: string): void {
    this.executions.inc({ model, version });
  }

  /** Requests waiting for an instance right now. */
  setPending(model: string, version: string, count: number): void {
    this.pending.set({ model, version }, count);
  }

  /** Stops exporting a model version's series once it is unloaded. */
  forget(model: string, version: string): void {
    for (const metric of [this.success, this.inferences, this.executions, this.requestDuration, this.queueDuration, this.computeInput, this.computeInfer, this.computeOutput, this.requestSummary, this.pending]) {
      metric.remove({ model, version });
    }
    for (const reason of ['REJECTED', 'BACKEND', 'OTHER']) this.failure.remove({ model, version, reason });
  }
}
