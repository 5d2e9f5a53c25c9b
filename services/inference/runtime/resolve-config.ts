import type { BatchPolicy } from './batch-planner';
import type { RuntimeModelConfig } from './model-config';

/** A model config checked and with its defaults filled in. */
export interface ResolvedConfig {
  readonly maxBatchSize: number;
  readonly instanceCount: number;
  /** Undefined: each request runs alone. */
  readonly batchPolicy: BatchPolicy | undefined;
}

const isCount = (value: number, min: number) => Number.isSafeInteger(value) && value >= min;

/** Fills in the defaults; throws one Error naming every field that is out of range and what it may be. */
export function resolveConfig(config: RuntimeModelConfig): ResolvedConfig {
  const maxBatchSize = config.maxBatchSize ?? 0;
  const instanceCount = config.instanceCount ?? 1;
  const batching = config.dynamicBatching;
  const preferred = batching?.preferredBatchSize ?? [];
  const delay = batching?.maxQueueDelayMicroseconds ?? 0;
  const problems: string[] = [];
  if (!isCount(maxBatchSize, 0)) problems.push(`max_batch_size is ${maxBatchSize}; expected an integer from 0`);
  if (!isCount(instanceCount, 1)) problems.push(`instance count is ${instanceCount}; expected an integer from 1`);
  if (batching !== undefined && maxBatchSize === 0) problems.push('dynamic_batching needs max_batch_size above 0 (requests without a batch dimension cannot be joined)');
  for (const size of preferred) {
    if (!isCount(size, 1) || (maxBatchSize > 0 && size > maxBatchSize)) {
      problems.push(`dynamic_batching.preferred_batch_size ${size} is not an integer from 1 to max_batch_size (${maxBatchSize})`);
    }
  }
  if (!(Number.isFinite(delay) && delay >= 0)) problems.push(`dynamic_batching.max_queue_delay_microseconds is ${delay}; expected 0 or more`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    maxBatchSize,
    instanceCount,
    batchPolicy: batching === undefined ? undefined : { maxBatchSize, preferredBatchSizes: [...new Set(preferred)], maxQueueDelayNs: delay * 1000 },
  };
}
