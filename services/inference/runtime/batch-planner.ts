/** How a model's queue turns into batches. */
export interface BatchPolicy {
  /** The most rows an execution may hold (max_batch_size). */
  readonly maxBatchSize: number;
  /** Sizes to stop at when the queue reaches them; empty: grow up to maxBatchSize. */
  readonly preferredBatchSizes: readonly number[];
  /** How long the oldest queued request may wait for company. */
  readonly maxQueueDelayNs: number;
}

/** What the planner needs to know about a queued request. */
export interface QueuedRequest {
  readonly batchSize: number;
  /** Requests join a batch only with equal shapes beyond the batch dimension. */
  readonly shapeKey: string;
  /** When it was queued, on the runtime's clock (ns). */
  readonly queuedNs: number;
  /** Must run in a batch of its own: it failed inside a batch and is retried to find out whether it, or another, was at fault. */
  readonly alone: boolean;
}

/** Take the first `take` requests as one batch now, or look again after `waitNs` unless something changes first. */
export type BatchPlan = { readonly take: number } | { readonly waitNs: number };

/**
 * Triton's dynamic batcher (dynamic_batch_scheduler.cc, GetDynamicBatch), for a free instance and a
 * non-empty queue: walk the queue in order while the batch stays within the largest preferred size
 * and the shapes match. The largest preferred size reached runs at once; otherwise the batch runs
 * when it cannot grow (full, or the next request does not fit or match), when there is no queue delay,
 * or when its oldest request has waited the delay out. `policy` undefined: each request alone.
 * `flush` (unloading) runs whatever is queued without waiting.
 */
export function planBatch(queue: readonly QueuedRequest[], policy: BatchPolicy | undefined, nowNs: number, flush = false): BatchPlan {
  const first = queue[0];
  if (first === undefined) throw new RangeError('planBatch needs a non-empty queue');
  if (policy === undefined || first.alone) return { take: 1 };
  const largest = policy.preferredBatchSizes.length > 0 ? Math.max(...policy.preferredBatchSizes) : policy.maxBatchSize;
  let rows = 0;
  let count = 0;
  let preferredCount = 0;
  let closed = false;
  for (const request of queue) {
    if (count > 0 && (request.alone || request.shapeKey !== first.shapeKey || rows + request.batchSize > largest)) {
      closed = true;
      break;
    }
    rows += request.batchSize;
    count += 1;
    if (policy.preferredBatchSizes.includes(rows)) preferredCount = count;
  }
  if (preferredCount > 0) return { take: preferredCount };
  if (closed || flush || policy.maxQueueDelayNs === 0 || rows >= largest) return { take: count };
  const waited = nowNs - first.queuedNs;
  return waited >= policy.maxQueueDelayNs ? { take: count } : { waitNs: policy.maxQueueDelayNs - waited };
}
