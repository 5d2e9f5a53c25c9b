import type { FastifyBaseLogger } from 'fastify';

/**
 * Work a service starts after answering (a retraining trigger, a notification) and must let finish before it
 * closes: each piece is tracked until it settles, its failure logged, never thrown at the request that started it.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly log: FastifyBaseLogger) {}

  /** Tracks `work`; a failure is logged as `what failed`. */
  track(work: Promise<unknown>, what: string): void {
    const settled = work.catch((error: unknown) => this.log.error({ err: error }, `${what} failed`)).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  /** Resolves when every piece started so far (and any started meanwhile) has settled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
