import { type BatchPolicy, planBatch, type QueuedRequest } from '../../../../services/inference/runtime/batch-planner';

const MS = 1_000_000;
const policy: BatchPolicy = { maxBatchSize: 32, preferredBatchSizes: [16, 32], maxQueueDelayNs: 5 * MS };

function queued(count: number, options: Partial<QueuedRequest> = {}): QueuedRequest[] {
  return Array.from({ length: count }, () => ({ batchSize: 1, shapeKey: '3', queuedNs: 0, alone: false, ...options }));
}

describe('planBatch (Triton dynamic batcher)', () => {
  it('waits out the queue delay for a batch that has reached no preferred size', () => {
    expect(planBatch(queued(5), policy, 1 * MS)).toEqual({ waitNs: 4 * MS });
  });

  it('runs what is queued once the oldest request has waited the delay', () => {
    expect(planBatch(queued(5), policy, 5 * MS)).toEqual({ take: 5 });
  });

  it('runs the largest preferred size reachable at once, leaving the rest queued', () => {
    expect(planBatch(queued(20), policy, 0)).toEqual({ take: 16 });
    expect(planBatch(queued(40), policy, 0)).toEqual({ take: 32 });
  });

  it('counts rows, not requests: a request of 8 rows and one of 8 make the preferred 16', () => {
    expect(planBatch([...queued(1, { batchSize: 8 }), ...queued(1, { batchSize: 8 }), ...queued(3)], policy, 0)).toEqual({ take: 2 });
  });

  it('runs a batch that cannot grow: the next request would pass the largest preferred size', () => {
    const queue = [...queued(1, { batchSize: 20 }), ...queued(1, { batchSize: 13 })];
    expect(planBatch(queue, policy, 0)).toEqual({ take: 1 });
  });

  it('never joins requests of different shapes: the batch closes at the first that differs', () => {
    const queue = [...queued(3), ...queued(1, { shapeKey: '4' }), ...queued(20)];
    expect(planBatch(queue, policy, 0)).toEqual({ take: 3 });
  });

  it('without preferred sizes, grows up to max_batch_size', () => {
    const open: BatchPolicy = { ...policy, preferredBatchSizes: [] };
    expect(planBatch(queued(31), open, 0)).toEqual({ waitNs: 5 * MS });
    expect(planBatch(queued(40), open, 0)).toEqual({ take: 32 });
  });

  it('with no queue delay, runs whatever is queued', () => {
    expect(planBatch(queued(3), { ...policy, maxQueueDelayNs: 0 }, 0)).toEqual({ take: 3 });
  });

  it('without dynamic batching, runs each request alone', () => {
    expect(planBatch(queued(10), undefined, 0)).toEqual({ take: 1 });
  });

  it('runs a request marked alone by itself, and closes a batch before one', () => {
    expect(planBatch([...queued(1, { alone: true }), ...queued(15)], policy, 0)).toEqual({ take: 1 });
    expect(planBatch([...queued(2), ...queued(1, { alone: true }), ...queued(15)], policy, 0)).toEqual({ take: 2 });
  });

  it('flushes without waiting while unloading', () => {
    expect(planBatch(queued(5), policy, 0, true)).toEqual({ take: 5 });
  });
});
