import { setTimeout as delay } from 'node:timers/promises';
import { type RetryPolicy, backoffDelay } from '../../kit/retry/backoff';
import type { DriftRow } from './drift-rows';

/** `sent`: 2xx. `rejected`: a 4xx other than 408/429, final. `unreachable`: 5xx, 408, 429 or network errors until the attempts ran out, or closing. */
export type BatchOutcome = { readonly outcome: 'sent' } | { readonly outcome: 'rejected' | 'unreachable'; readonly detail: string };

export interface DriftBatchTarget {
  /** The drift service's base URL, e.g. `http://drift:8090`. */
  readonly baseUrl: string;
  /** @default - no Authorization header */
  readonly token?: string;
  readonly retry: Required<RetryPolicy>;
  /** Waits between attempts; resolves early when the signal aborts. */
  readonly sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  readonly random: () => number;
  /** Aborted when the server shuts down and its wait for the last batches is over. */
  readonly signal: AbortSignal;
}

/** How much of a refusal's body is kept: enough for the drift service's `{"error": {"code", "message"}}`. */
const DETAIL_CHARS = 500;

/**
 * POSTs rows as JSON to `POST /api/drift/models/{model}/batches`, retrying network errors, timeouts, 5xx,
 * 408 and 429 with exponential backoff and full jitter; any other 4xx (no reference registered, columns that
 * differ from the reference's) will not change by asking again and is final.
 */
export async function sendDriftBatch(model: string, rows: readonly DriftRow[], target: DriftBatchTarget): Promise<BatchOutcome> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/api/drift/models/${encodeURIComponent(model)}/batches`;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) };
  const body = JSON.stringify(rows);
  let detail = '';
  for (let attempt = 1; attempt <= target.retry.maxAttempts && !target.signal.aborted; attempt++) {
    try {
      const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any([target.signal, AbortSignal.timeout(target.retry.timeoutMs)]) });
      const text = await response.text();
      if (response.ok) return { outcome: 'sent' };
      detail = `HTTP ${response.status}${text ? `: ${text.slice(0, DETAIL_CHARS)}` : ''}`;
      if (!(response.status >= 500 || response.status === 408 || response.status === 429)) return { outcome: 'rejected', detail };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      detail = cause?.code ?? cause?.message ?? (error as Error).message;
    }
    if (attempt < target.retry.maxAttempts) await target.sleep(backoffDelay(attempt, target.retry, target.random), target.signal);
  }
  return { outcome: 'unreachable', detail: target.signal.aborted ? `shutting down; last: ${detail}` : `${target.retry.maxAttempts} attempts; last: ${detail}` };
}

/** A wait that ends early, and leaves no timer behind, when the server shuts down. */
export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return delay(milliseconds, undefined, { signal }).catch(() => undefined);
}
