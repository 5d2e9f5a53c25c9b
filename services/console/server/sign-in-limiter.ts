/**
 * Failed sign-ins per client address in a sliding minute: beyond `maxFailures` the console answers 429
 * without asking the services, so the sign-in form cannot be used to guess tokens at speed.
 */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `client` may try again, or 0. */
  retryAfterSeconds(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.now()) / 1000));
  }

  recordFailure(client: string): void {
    const recent = this.recent(client);
    recent.push(this.now());
    this.failures.set(client, recent);
    // Bounded: addresses with no failure left in the window are forgotten.
    if (this.failures.size > 10_000) for (const key of this.failures.keys()) if (this.recent(key).length === 0) this.failures.delete(key);
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((time) => time > since);
  }
}
