import type { WebhookRequest } from '../../kit/webhooks/deliver-webhook';
import type { StoredReport, TriggerReason } from '../monitor/drift-store';

/** The two body formats: Plinth's own JSON, or GitHub's `repository_dispatch` to start a workflow. */
export type WebhookFormat = 'generic' | 'github';

export interface WebhookConfig {
  /** Where to POST; for GitHub, `https://api.github.com/repos/<owner>/<repo>/dispatches`. */
  readonly url: string;
  /** @default "generic" */
  readonly format?: WebhookFormat;
  /**
   * The environment variable holding the bearer token, sent as `Authorization: Bearer <token>`.
   * @default - GITHUB_TOKEN for the github format; for the generic format, no Authorization header
   */
  readonly tokenEnv?: string;
  /**
   * The `event_type` of a repository_dispatch (what `on: repository_dispatch: types: [...]` matches).
   * @default "plinth-drift-retraining"
   */
  readonly eventType?: string;
}

/** What a trigger is about: the model, why, and the report that drifted (or the latest one, on a schedule). */
export interface TriggerSubject {
  readonly model: string;
  readonly reason: TriggerReason;
  readonly report?: StoredReport;
  readonly idempotencyKey: string;
  readonly triggeredAt: Date;
}


/**
 * The same facts in both formats; GitHub allows at most 10 top-level client_payload properties, this has 7,
 * and 8 for a model with embedding columns.
 */
function payload(subject: TriggerSubject) {
  const report = subject.report?.report;
  return {
    model: subject.model,
    reason: subject.reason,
    report_id: subject.report?.id ?? null,
    idempotency_key: subject.idempotencyKey,
    triggered_at: subject.triggeredAt.toISOString(),
    dataset: report?.dataset ?? null,
    drifted_columns: report ? Object.keys(report.columns).filter((name) => report.columns[name].drifted) : [],
    ...(report?.embeddings === undefined ? {} : { drifted_embeddings: Object.keys(report.embeddings).filter((name) => report.embeddings![name].drifted) }),
  };
}

/** The POST for a trigger, in the configured format; `token` is the value read from `tokenEnv`. */
export function webhookRequest(config: WebhookConfig, subject: TriggerSubject, token: string | undefined): WebhookRequest {
  const github = config.format === 'github';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': subject.idempotencyKey,
    'user-agent': 'plinth-drift',
    ...(github ? { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' } : { accept: 'application/json' }),
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };
  const body = github
    ? { event_type: config.eventType ?? 'plinth-drift-retraining', client_payload: payload(subject) }
    : { event: 'plinth.drift.retraining', ...payload(subject) };
  return { url: config.url, headers, body: JSON.stringify(body) };
}
