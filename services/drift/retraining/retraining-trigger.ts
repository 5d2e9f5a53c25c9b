import { createHash, randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../kit/clock';
import type { DriftStore, StoredReport, TriggerReason, TriggerRecord } from '../monitor/drift-store';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../kit/retry/backoff';
import { deliverWebhook } from '../../kit/webhooks/deliver-webhook';
import { type WebhookConfig, webhookRequest } from './webhook-request';
import { DriftConfigError } from '../monitor/drift-config-error';

export interface RetrainingTriggerProps {
  readonly store: DriftStore;
  readonly webhook: WebhookConfig;
  /** @default - 5 attempts, waits drawn below 1 s, 2 s, 4 s, … up to 30 s, 10 s per attempt */
  readonly retry?: RetryPolicy;
  /**
   * At most one delivered trigger per model in this period; triggers in between are suppressed.
   * @default 86_400_000 (24 hours)
   */
  readonly cooldownMs?: number;
  /** @default - the system clock */
  readonly clock?: Clock;
  /** Draws the backoff jitter, uniform in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Where `webhook.tokenEnv` is read. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Also trigger when an embedding column drifts (the dataset need not). Off by default: for a model fed by
   * a fixed embedding model (LLM queries, a RAG retriever), queries that move call for a look (the alert)
   * more often than for retraining.
   * @default false
   */
  readonly onEmbeddingDrift?: boolean;
  /** Told of every trigger, suppressed ones included (metrics count them). @default - nobody */
  readonly onRecord?: (record: TriggerRecord) => void;
}

/**
 * Asks for retraining by webhook when a model's data drifts (and, if scheduled, periodically): one POST
 * with retries per trigger, an Idempotency-Key the receiver can deduplicate on, and at most one delivered
 * trigger per model per cool-down. Every trigger that was sent is recorded in the store with its attempts;
 * suppressed ones are only reported to `onRecord`, since a model that stays drifted would add one per batch.
 */
export class RetrainingTrigger {
  private readonly store: DriftStore;
  private readonly webhook: WebhookConfig;
  private readonly retry: Required<RetryPolicy>;
  private readonly cooldownMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly token: string | undefined;
  private readonly onRecord: (record: TriggerRecord) => void;
  private readonly onEmbeddingDrift: boolean;
  /** Models with a trigger under way in this process: the cool-down is only known once it is delivered. */
  private readonly inFlight = new Set<string>();

  constructor(props: RetrainingTriggerProps) {
    this.store = props.store;
    this.webhook = props.webhook;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...props.retry };
    this.cooldownMs = props.cooldownMs ?? 86_400_000;
    this.clock = props.clock ?? systemClock;
    this.random = props.random ?? Math.random;
    this.onRecord = props.onRecord ?? (() => undefined);
    this.onEmbeddingDrift = props.onEmbeddingDrift ?? false;
    checkUrl(props.webhook.url);
    if (!(this.retry.maxAttempts >= 1 && Number.isInteger(this.retry.maxAttempts))) {
      throw new DriftConfigError(`retry.maxAttempts must be a positive integer; found ${this.retry.maxAttempts}`);
    }
    if (!(this.cooldownMs >= 0)) throw new DriftConfigError(`cooldownMs must be 0 or more; found ${this.cooldownMs}`);
    this.token = readToken(props.webhook, props.env ?? process.env);
  }

  /**
   * Triggers retraining when the report shows dataset drift (or, with `onEmbeddingDrift`, a drifted embedding);
   * resolves to undefined when it does not.
   */
  async onReport(report: StoredReport): Promise<TriggerRecord | undefined> {
    const embeddingDrift = this.onEmbeddingDrift && Object.values(report.report.embeddings ?? {}).some((embedding) => embedding.drifted);
    if (!report.report.dataset.drifted && !embeddingDrift) return undefined;
    return this.fire(report.model, 'drift', idempotencyKey(report.model, report.id), report);
  }

  /**
   * A scheduled trigger for the schedule's tick `slot`: every process that fires the same slot for the same
   * model sends the same Idempotency-Key. `latest` is the model's latest report, if any, sent along.
   */
  async onSchedule(model: string, slot: Date, latest?: StoredReport): Promise<TriggerRecord> {
    return this.fire(model, 'schedule', idempotencyKey(model, 'schedule', slot.toISOString()), latest);
  }

  private async fire(model: string, reason: TriggerReason, key: string, report: StoredReport | undefined): Promise<TriggerRecord> {
    const startedAt = this.clock.now();
    const base = { id: randomUUID(), model, reason, ...(report ? { report_id: report.id } : {}), idempotency_key: key, started_at: startedAt.toISOString() };
    if (this.inFlight.has(model)) return this.suppressed({ ...base, detail: 'a trigger for this model is already under way' });
    this.inFlight.add(model);
    try {
      const last = await this.store.lastDeliveredTrigger(model);
      const allowedFrom = last === undefined ? 0 : Date.parse(last.finished_at) + this.cooldownMs;
      if (startedAt.getTime() < allowedFrom) {
        const detail = `cool-down: a trigger was delivered at ${last?.finished_at}; the next one may go from ${new Date(allowedFrom).toISOString()}`;
        return this.suppressed({ ...base, detail });
      }
      const request = webhookRequest(this.webhook, { model, reason, report, idempotencyKey: key, triggeredAt: startedAt }, this.token);
      const delivery = await deliverWebhook(request, this.retry, this.clock, this.random);
      const record: TriggerRecord = { ...base, ...delivery, finished_at: this.clock.now().toISOString() };
      await this.store.recordTrigger(record);
      this.onRecord(record);
      return record;
    } finally {
      this.inFlight.delete(model);
    }
  }

  private suppressed(fields: Omit<TriggerRecord, 'outcome' | 'attempts' | 'finished_at'>): TriggerRecord {
    const record: TriggerRecord = { ...fields, outcome: 'suppressed', attempts: [], finished_at: fields.started_at };
    this.onRecord(record);
    return record;
  }
}

/** Stable for the same model and window (report) or schedule slot, so that a retried POST is recognisably the same. */
function idempotencyKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new DriftConfigError(`webhook.url: not a URL: ${JSON.stringify(url)}`);
  }
  if (protocol !== 'https:' && protocol !== 'http:') throw new DriftConfigError(`webhook.url: expected http or https; found ${protocol}`);
}

/** The token, read once at start so that a missing one stops the service, not the first retraining. */
function readToken(webhook: WebhookConfig, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const variable = webhook.tokenEnv ?? (webhook.format === 'github' ? 'GITHUB_TOKEN' : undefined);
  if (variable === undefined) return undefined;
  const token = env[variable];
  if (token === undefined || token === '') {
    throw new DriftConfigError(`webhook.tokenEnv: $${variable} is not set; the ${webhook.format ?? 'generic'} webhook needs a bearer token from it`);
  }
  return token;
}
