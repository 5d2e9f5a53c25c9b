import type { Registry } from 'prom-client';
import type { NamedTensor } from '../tensor';
import { DEFAULT_DRIFT_RETRY, type DriftLoggingOptions, checkDriftLoggingOptions } from './drift-logging-options';
import { type DropReason, DriftLoggingMetrics } from './drift-logging-metrics';
import { DriftMappingError, type DriftRow, driftRows } from './drift-rows';
import { type DriftBatchTarget, abortableSleep, sendDriftBatch } from './send-drift-batch';

/** What the logger tells the operator: pino's shape, as the server's Fastify logger has it. */
export interface DriftLog {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

interface ModelQueue {
  rows: DriftRow[];
  /** Send everything, not only full batches (the timer, flush, shutdown). */
  drainAll: boolean;
  /** The model's sending loop, while one runs: batches of a model go one at a time, in order. */
  sending?: Promise<void>;
  /** A refusal or mapping problem already logged; cleared by a batch that gets through. */
  complained: boolean;
}

/**
 * Logs a sample of inference requests to the drift service. `sample()` and `record()` are all the request
 * path does: rows are built after the response (setImmediate), buffered per model under one cap, and sent
 * in the background by size or by time, so a slow or absent drift service never delays an answer.
 */
export class DriftLogger {
  private readonly queues = new Map<string, ModelQueue>();
  private readonly metrics: DriftLoggingMetrics;
  private readonly target: DriftBatchTarget;
  private readonly closing = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly sampleRate: number;
  private readonly batchRows: number;
  private readonly maxBufferedRows: number;
  private readonly drop: ReadonlySet<string>;
  private readonly random: () => number;
  private buffered = 0;
  /** Requests sampled whose rows are not built yet: flush() waits for them. */
  private pendingRecords = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly options: DriftLoggingOptions,
    registry: Registry,
    private readonly log: DriftLog,
  ) {
    checkDriftLoggingOptions(options);
    this.metrics = new DriftLoggingMetrics(registry);
    this.sampleRate = options.sampleRate ?? 1;
    this.batchRows = options.batchRows ?? 500;
    this.maxBufferedRows = options.maxBufferedRows ?? 10 * this.batchRows;
    this.drop = new Set(options.dropColumns ?? []);
    this.random = options.random ?? Math.random;
    this.target = {
      baseUrl: options.url,
      ...(options.token ? { token: options.token } : {}),
      retry: { ...DEFAULT_DRIFT_RETRY, ...options.retry },
      sleep: options.sleep ?? abortableSleep,
      random: this.random,
      signal: this.closing.signal,
    };
    this.timer = setInterval(() => this.kickAll(), options.flushMs ?? 10_000);
    this.timer.unref();
  }

  /** Whether this request is logged: per request, so a sampled batch is logged whole. */
  sample(): boolean {
    return !this.closed && this.random() < this.sampleRate;
  }

  /** Logs a sampled request's inputs (as the client sent them) and every output of the model. */
  record(model: string, inputs: readonly NamedTensor[], outputs: readonly NamedTensor[]): void {
    const pending = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.pendingRecords.delete(pending);
        this.enqueue(model, inputs, outputs);
        resolve();
      }),
    );
    this.pendingRecords.add(pending);
  }

  /** Sends every buffered row and resolves when the drift service has answered for each (or they were dropped). */
  async flush(): Promise<void> {
    await Promise.all(this.pendingRecords);
    this.kickAll();
    await Promise.all([...this.queues.values()].map((queue) => queue.sending));
  }

  /** Stops sampling, sends what is buffered within `shutdownWaitMs`, then abandons the rest (counted as `shutdown`). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    let deadline: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      deadline = setTimeout(resolve, this.options.shutdownWaitMs ?? 10_000);
    });
    await Promise.race([this.flush(), waited]);
    clearTimeout(deadline);
    this.closing.abort();
    await Promise.all([...this.queues.values()].map((queue) => queue.sending));
    for (const [model, queue] of this.queues) this.dropRows(model, queue, queue.rows.length, 'shutdown');
  }

  private enqueue(model: string, inputs: readonly NamedTensor[], outputs: readonly NamedTensor[]): void {
    const queue = this.queue(model);
    let rows: DriftRow[];
    try {
      rows = driftRows({ inputs, outputs, drop: this.drop, ...(this.options.columns?.[model] ? { columns: this.options.columns[model] } : {}) });
    } catch (error) {
      // Outside any request: an error thrown here would end the process, so every one becomes a dropped request.
      const reason = error instanceof DriftMappingError ? error.message : `unexpected: ${(error as Error).message}`;
      this.complainOnce(model, queue, `model '${model}': its requests cannot be logged for drift: ${reason}`);
      this.metrics.rowsDropped(model, 'unmapped', requestRows(inputs));
      return;
    }
    const room = Math.max(0, this.maxBufferedRows - this.buffered);
    if (rows.length > room) this.metrics.rowsDropped(model, 'buffer_full', rows.length - room);
    const kept = rows.length > room ? rows.slice(0, room) : rows;
    for (const row of kept) queue.rows.push(row);
    this.buffered += kept.length;
    if (this.closed) this.dropRows(model, queue, queue.rows.length, 'shutdown');
    else if (queue.rows.length >= this.batchRows) this.kick(model, queue, false);
  }

  private queue(model: string): ModelQueue {
    let queue = this.queues.get(model);
    if (!queue) {
      queue = { rows: [], drainAll: false, complained: false };
      this.queues.set(model, queue);
      this.metrics.track(model);
    }
    return queue;
  }

  private kickAll(): void {
    for (const [model, queue] of this.queues) if (queue.rows.length > 0) this.kick(model, queue, true);
  }

  private kick(model: string, queue: ModelQueue, all: boolean): void {
    queue.drainAll ||= all;
    queue.sending ??= this.sendLoop(model, queue)
      .catch((error: Error) => this.log.error({ model }, `drift logging stopped a send: ${error.message}`))
      .finally(() => {
        queue.sending = undefined;
      });
  }

  private async sendLoop(model: string, queue: ModelQueue): Promise<void> {
    while (queue.rows.length >= this.batchRows || (queue.drainAll && queue.rows.length > 0)) {
      const batch = queue.rows.splice(0, this.batchRows);
      this.buffered -= batch.length;
      const result = await sendDriftBatch(model, batch, this.target);
      if (result.outcome === 'sent') {
        this.metrics.rowsSent(model, batch.length);
        queue.complained = false;
      } else if (result.outcome === 'rejected') {
        this.metrics.rowsDropped(model, 'rejected', batch.length);
        this.complainOnce(model, queue, `model '${model}': the drift service refused its rows (${result.detail}); they are dropped, not retried`);
      } else if (this.closing.signal.aborted) {
        this.metrics.rowsDropped(model, 'shutdown', batch.length);
      } else {
        this.metrics.rowsDropped(model, 'unreachable', batch.length);
        this.log.error({ model, rows: batch.length, drift: this.target.baseUrl }, `drift service unreachable, rows dropped: ${result.detail}`);
      }
    }
    queue.drainAll = false;
  }

  private dropRows(model: string, queue: ModelQueue, count: number, reason: DropReason): void {
    if (count === 0) return;
    queue.rows.splice(0, count);
    this.buffered -= count;
    this.metrics.rowsDropped(model, reason, count);
  }

  /** Once per model until a batch gets through again: a model without a reference would otherwise log every batch. */
  private complainOnce(model: string, queue: ModelQueue, message: string): void {
    if (queue.complained) return;
    queue.complained = true;
    this.log.warn({ model }, message);
  }
}

/** A request's rows, for counting what an unmappable request drops: its first input's first dimension. */
function requestRows(inputs: readonly NamedTensor[]): number {
  const shape = inputs[0]?.shape;
  return shape === undefined || shape.length === 0 ? 1 : shape[0]!;
}
