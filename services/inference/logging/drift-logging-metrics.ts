import { Counter, type Registry } from 'prom-client';

/** Why logged rows did not reach the drift service. */
export type DropReason = 'buffer_full' | 'unmapped' | 'rejected' | 'unreachable' | 'shutdown';

const DROP_REASONS: readonly DropReason[] = ['buffer_full', 'unmapped', 'rejected', 'unreachable', 'shutdown'];

/** The inference server's drift-logging counters, on its /metrics beside Triton's. */
export class DriftLoggingMetrics {
  private readonly sent: Counter<'model'>;
  private readonly dropped: Counter<'model' | 'reason'>;
  private readonly known = new Set<string>();

  constructor(registry: Registry) {
    this.sent = new Counter({ name: 'plinth_inference_drift_rows_sent_total', help: 'Sampled inference rows accepted by the drift service', labelNames: ['model'], registers: [registry] });
    this.dropped = new Counter({
      name: 'plinth_inference_drift_rows_dropped_total',
      help: 'Sampled inference rows not delivered to the drift service: buffer_full, unmapped (tensors that do not fit the column mapping), rejected (4xx), unreachable (retries exhausted), shutdown',
      labelNames: ['model', 'reason'],
      registers: [registry],
    });
  }

  rowsSent(model: string, rows: number): void {
    this.track(model);
    this.sent.inc({ model }, rows);
  }

  rowsDropped(model: string, reason: DropReason, rows: number): void {
    this.track(model);
    this.dropped.inc({ model, reason }, rows);
  }

  /** Every series of a model starts at 0 with its first logged request, so that `increase()` sees the first drop. */
  track(model: string): void {
    if (this.known.has(model)) return;
    this.known.add(model);
    this.sent.inc({ model }, 0);
    for (const reason of DROP_REASONS) this.dropped.inc({ model, reason }, 0);
  }
}
