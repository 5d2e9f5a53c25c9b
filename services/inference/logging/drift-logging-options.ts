import type { RetryPolicy } from '../../kit/retry/backoff';
import { ServiceConfigError } from '../../kit/server/errors';
import type { DriftColumnMap } from './drift-column-map';

/** Where and how sampled inference requests are logged to the drift service. */
export interface DriftLoggingOptions {
  /** The drift service's base URL (`http://drift:8090`); rows go to `POST /api/drift/models/{model}/batches`. */
  readonly url: string;
  /**
   * Bearer token for the drift service (a write token there).
   * @default - no Authorization header
   */
  readonly token?: string;
  /**
   * Share of requests logged, 0 to 1; a sampled request is logged with all of its rows.
   * @default 1
   */
  readonly sampleRate?: number;
  /**
   * Rows per batch sent; a model's buffer is sent as soon as it holds this many.
   * @default 500
   */
  readonly batchRows?: number;
  /**
   * Each model's buffer is sent at least this often when it holds any row.
   * @default 10000
   */
  readonly flushMs?: number;
  /**
   * Column names, or tensor names (all of their columns), never sent: personal data stays in the server.
   * @default - none
   */
  readonly dropColumns?: readonly string[];
  /**
   * Per model, tensor-to-column names and the prediction output.
   * @default - `<tensor>_<i>` columns and the model's first output as `prediction`
   */
  readonly columns?: DriftColumnMap;
  /**
   * Rows waiting to be sent, over all models; rows beyond are dropped and counted (`buffer_full`) while the
   * drift service is slow or down.
   * @default 10 × batchRows
   */
  readonly maxBufferedRows?: number;
  /**
   * Retries of a batch on 5xx, 408, 429 and network errors: attempts, backoff and per-attempt timeout.
   * @default - 6 attempts, waits drawn below 1 s, 2 s, 4 s, 8 s, 15 s, 10 s per attempt: at most 90 s in all
   */
  readonly retry?: RetryPolicy;
  /**
   * How long shutdown waits for the buffered rows to be sent; what is left is dropped and counted (`shutdown`).
   * @default 10000
   */
  readonly shutdownWaitMs?: number;
  /** @default - Math.random */
  readonly random?: () => number;
  /** @default - a timer; tests pass one that returns at once */
  readonly sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

export const DEFAULT_DRIFT_RETRY: Required<RetryPolicy> = { maxAttempts: 6, initialDelayMs: 1000, maxDelayMs: 15_000, timeoutMs: 10_000 };

/** Every problem at once, each with its flag, what was found and what is allowed. */
export function checkDriftLoggingOptions(options: DriftLoggingOptions): void {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    problems.push(`--drift-url '${options.url}' is not a URL; give the drift service's base URL, e.g. http://drift:8090`);
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`--drift-url '${options.url}': ${url.protocol} is not http: or https:`);
  const rate = options.sampleRate ?? 1;
  if (!(rate >= 0 && rate <= 1)) problems.push(`--drift-sample-rate ${rate}: a share of requests from 0 to 1 is needed`);
  const positive = (flag: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) problems.push(`${flag} ${value}: a whole number above 0 is needed`);
  };
  positive('--drift-batch-rows', options.batchRows);
  positive('maxBufferedRows', options.maxBufferedRows);
  if (options.flushMs !== undefined && !(options.flushMs > 0 && Number.isFinite(options.flushMs))) problems.push(`--drift-flush-seconds ${options.flushMs / 1000}: a number of seconds above 0 is needed`);
  if (options.maxBufferedRows !== undefined && options.maxBufferedRows < (options.batchRows ?? 500)) {
    problems.push(`maxBufferedRows ${options.maxBufferedRows} is below --drift-batch-rows ${options.batchRows ?? 500}: a batch could never fill`);
  }
  if (problems.length > 0) throw new ServiceConfigError(problems.join('; '));
}
