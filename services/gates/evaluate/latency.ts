import type { LoadedModel } from '../../inference/runtime/loaded-model';
import type { Holdout } from './holdout';
import type { FeedPlan } from './model-feeds';

/** Untimed batches first: the first runs pay for onnxruntime's lazy allocations. */
const WARMUP_BATCHES = 5;

export interface LatencyMeasurement {
  /** The 95th percentile (nearest rank) of the batches' run times, in milliseconds. */
  readonly p95Ms: number;
  readonly medianMs: number;
  readonly batchSize: number;
  readonly samples: number;
}

/**
 * Runs `samples` batches of `batchSize` holdout rows one after another and takes the runtime's own
 * duration of each (`nv_inference_request_duration_us`: from the request's arrival to its outputs, the
 * thread hop included), as a served request would see it without queueing behind others.
 */
export async function measureLatency(model: LoadedModel, feeds: FeedPlan, holdout: Holdout, batchSize: number, samples: number): Promise<LatencyMeasurement> {
  const durations: number[] = [];
  for (let index = 0; index < WARMUP_BATCHES + samples; index++) {
    const inputs = feeds.tensors(holdout, (index * batchSize) % holdout.rows, batchSize);
    const result = await model.infer({ inputs });
    if (index >= WARMUP_BATCHES) durations.push(result.timing.requestNs / 1e6);
  }
  durations.sort((a, b) => a - b);
  const rank = (share: number) => durations[Math.max(0, Math.ceil(share * durations.length) - 1)]!;
  return { p95Ms: rank(0.95), medianMs: rank(0.5), batchSize, samples };
}
