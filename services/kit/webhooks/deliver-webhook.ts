import type { Clock } from '../clock';
import { type RetryPolicy, backoffDelay } from '../retry/backoff';

/** A POST ready to send: the drift service's retraining trigger, the gates' notifications. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One try: when, and the receiver's status or the network error. */
export interface DeliveryAttempt {
  readonly at: string;
  /** The HTTP status, when the receiver answered. */
  readonly status?: number;
  /** The network error, when it did not. */
  readonly error?: string;
}

export interface Delivery {
  readonly outcome: 'delivered' | 'rejected' | 'failed';
  readonly attempts: readonly DeliveryAttempt[];
  readonly detail?: string;
}

/** How much of a refusal's body is kept in the record: enough for GitHub's error message. */
const DETAIL_CHARS = 300;

/**
 * POSTs with Node's fetch until the receiver answers 2xx, retrying network errors, timeouts, 5xx, 408 and 429
 * with backoff; any other answer is final (a 4xx will not change by asking again). Redirects are not
 * followed: a POST turned into a GET would be reported as delivered without having triggered anything.
 */
export async function deliverWebhook(request: WebhookRequest, policy: Required<RetryPolicy>, clock: Clock, random: () => number): Promise<Delivery> {
  const attempts: DeliveryAttempt[] = [];
  let detail = '';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    const at = clock.now().toISOString();
    try {
      const response = await fetch(request.url, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      attempts.push({ at, status: response.status });
      if (response.ok) return { outcome: 'delivered', attempts };
      detail = `HTTP ${response.status}${text ? `: ${text.slice(0, DETAIL_CHARS)}` : ''}`;
      if (!isRetryable(response.status)) return { outcome: 'rejected', attempts, detail };
    } catch (error) {
      detail = networkError(error);
      attempts.push({ at, error: detail });
    }
    if (attempt < policy.maxAttempts) await clock.sleep(backoffDelay(attempt, policy, random));
  }
  return { outcome: 'failed', attempts, detail: `${attempts.length} attempts; last: ${detail}` };
}

function isRetryable(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a reset, a timeout) is in its cause. */
function networkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
