export interface RetryPolicy {
  /**
   * Attempts in all, the first included.
   * @default 5
   */
  readonly maxAttempts?: number;
  /**
   * The ceiling of the wait before the second attempt; it doubles for each attempt after.
   * @default 1000
   */
  readonly initialDelayMs?: number;
  /**
   * The largest ceiling a wait can have.
   * @default 30000
   */
  readonly maxDelayMs?: number;
  /**
   * How long one attempt may take before it is abandoned (and counts as a network error).
   * @default 10000
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 30_000, timeoutMs: 10_000 };

/**
 * The wait after failed attempt `attempt` (1 for the first): exponential backoff with full jitter, a uniform
 * draw below min(maxDelayMs, initialDelayMs · 2^(attempt − 1)). The jitter spreads the retries of many
 * monitors that failed together, so that they do not hit a recovering receiver at the same instant.
 */
export function backoffDelay(attempt: number, policy: Required<RetryPolicy>, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return random() * ceiling;
}
