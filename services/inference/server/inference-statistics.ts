import type { InferenceObserver, InferenceResult, ModelVersionRef } from '../runtime/inference-request';
import type { TritonMetrics } from '../triton-metrics';

/** A count and the nanoseconds it took in all, as Triton's statistics extension reports each phase. */
interface Duration {
  count: number;
  ns: number;
}

/** One model version's statistics, in Triton's statistics extension shape (`GET /v2/models/stats`). */
export interface ModelVersionStatistics {
  name: string;
  version: string;
  /** Milliseconds since the epoch of the last successful request; 0 before any. */
  last_inference: number;
  inference_count: number;
  execution_count: number;
  inference_stats: { success: Duration; fail: Duration; queue: Duration; compute_input: Duration; compute_infer: Duration; compute_output: Duration; cache_hit: Duration; cache_miss: Duration };
  batch_stats: { batch_size: number; compute_input: Duration; compute_infer: Duration; compute_output: Duration }[];
}

const zero = (): Duration => ({ count: 0, ns: 0 });
const key = (ref: ModelVersionRef) => `${ref.name}\u0000${ref.version}`;

/**
 * What the runtime reports of each request and execution, kept twice: as Triton's Prometheus metrics
 * and as Triton's statistics extension. Both count successes only for inferences and executions, as
 * Triton does.
 */
export class InferenceStatistics implements InferenceObserver {
  private readonly byVersion = new Map<string, ModelVersionStatistics>();

  constructor(
    private readonly metrics: TritonMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  requestSucceeded(ref: ModelVersionRef, result: InferenceResult): void {
    const { timing } = result;
    this.metrics.recordSuccess(ref.name, ref.version, result.batchSize, {
      requestUs: timing.requestNs / 1000,
      queueUs: timing.queueNs / 1000,
      computeInputUs: timing.computeInputNs / 1000,
      computeInferUs: timing.computeInferNs / 1000,
      computeOutputUs: timing.computeOutputNs / 1000,
    });
    const stats = this.statistics(ref);
    stats.last_inference = this.now();
    stats.inference_count += result.batchSize;
    add(stats.inference_stats.success, timing.requestNs);
    add(stats.inference_stats.queue, timing.queueNs);
    add(stats.inference_stats.compute_input, timing.computeInputNs);
    add(stats.inference_stats.compute_infer, timing.computeInferNs);
    add(stats.inference_stats.compute_output, timing.computeOutputNs);
    let batch = stats.batch_stats.find((entry) => entry.batch_size === result.executionBatchSize);
    if (batch === undefined) {
      batch = { batch_size: result.executionBatchSize, compute_input: zero(), compute_infer: zero(), compute_output: zero() };
      stats.batch_stats.push(batch);
      stats.batch_stats.sort((a, b) => a.batch_size - b.batch_size);
    }
    add(batch.compute_input, timing.computeInputNs);
    add(batch.compute_infer, timing.computeInferNs);
    add(batch.compute_output, timing.computeOutputNs);
  }

  requestFailed(ref: ModelVersionRef, error: Error): void {
    // Refused before running (bad input, unknown version) or failed in the model: Triton's REJECTED / BACKEND.
    const kind = (error as { kind?: string }).kind;
    this.metrics.recordFailure(ref.name, ref.version, kind === 'invalid' || kind === 'not-found' ? 'REJECTED' : 'BACKEND', 0);
    add(this.statistics(ref).inference_stats.fail, 0);
  }

  batchExecuted(ref: ModelVersionRef): void {
    this.metrics.recordExecution(ref.name, ref.version);
    this.statistics(ref).execution_count += 1;
  }

  /** The statistics of the given versions (all when none are given), by name then version. */
  list(refs?: readonly ModelVersionRef[]): ModelVersionStatistics[] {
    const wanted = refs ?? [...this.byVersion.values()].map(({ name, version }) => ({ name, version }));
    return wanted
      .map((ref) => this.byVersion.get(key(ref)) ?? blank(ref))
      .sort((a, b) => (a.name === b.name ? Number(a.version) - Number(b.version) : a.name < b.name ? -1 : 1));
  }

  /** Drops an unloaded version's statistics and metrics. */
  forget(ref: ModelVersionRef): void {
    this.byVersion.delete(key(ref));
    this.metrics.forget(ref.name, ref.version);
  }

  private statistics(ref: ModelVersionRef): ModelVersionStatistics {
    let stats = this.byVersion.get(key(ref));
    if (stats === undefined) {
      stats = blank(ref);
      this.byVersion.set(key(ref), stats);
    }
    return stats;
  }
}

function add(duration: Duration, ns: number): void {
  duration.count += 1;
  duration.ns += Math.round(ns);
}

function blank(ref: ModelVersionRef): ModelVersionStatistics {
  return {
    name: ref.name,
    version: ref.version,
    last_inference: 0,
    inference_count: 0,
    execution_count: 0,
    inference_stats: { success: zero(), fail: zero(), queue: zero(), compute_input: zero(), compute_infer: zero(), compute_output: zero(), cache_hit: zero(), cache_miss: zero() },
    batch_stats: [],
  };
}
