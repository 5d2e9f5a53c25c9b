import * as path from 'node:path';
import { Counter, Gauge } from 'prom-client';
import { openArtifactStore } from '../../kit/artifacts/open-artifact-store';
import { type Clock, systemClock } from '../../kit/clock';
import type { Database } from '../../kit/database/database';
import type { DatabaseIamAuth } from '../../kit/database/database-iam-auth';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../kit/retry/backoff';
import { AdmissionGate } from '../../kit/server/admission-gate';
import { registerApiFamily } from '../../kit/server/api-family';
import { BackgroundWork } from '../../kit/server/background-work';
import type { Service } from '../../kit/server/create-service';
import { createDatabaseService } from '../../kit/server/database-service';
import { endpointsPlugin } from '../../kit/server/endpoint';
import { plinthErrorMapper } from '../../kit/server/plinth-error-mapper';
import { plinthSchemaErrorFormatter } from '../../kit/server/schema-errors';
import type { TokenTable } from '../../kit/server/tokens';
import { deliverWebhook } from '../../kit/webhooks/deliver-webhook';
import { TrackingClient } from '../../tracking/client/tracking-client';
import type { PromotionTarget } from '../registry/promotion';
import { gatesEndpoints } from './gates-endpoints';
import { asGatesServiceError } from './gates-service-error';
import { HoldoutSource } from './holdout-source';
import { promotionNotice } from './promotion-notice';
import { PromotionStore, type StoredPromotion } from './promotion-store';
import { PromotionWorkflow } from './promotion-workflow';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
/** Its own bookkeeping table, so that the gates can share a database with tracking or drift. */
const MIGRATIONS_TABLE = 'gates_schema_migrations';

export interface GatesServerOptions {
  /** `postgres://…`, `memory:` or a directory for the embedded store. */
  readonly database: string;
  /** @default - the password in the database URL, if any */
  readonly databaseIamAuth?: DatabaseIamAuth;
  readonly tokens: TokenTable;
  /** The tracking server whose registry the gates read and write. */
  readonly trackingUrl: string;
  /** @default - no token: a tracking server without authentication */
  readonly trackingToken?: string;
  /** Where promoted versions go: the Triton repository, the SageMaker group. */
  readonly target: PromotionTarget;
  /**
   * Where requests' holdout paths are resolved: a folder, `s3://bucket/prefix` or `gs://bucket/prefix`.
   * @default - none: every request is refused until one is configured
   */
  readonly holdouts?: string;
  /**
   * A Slack-compatible incoming webhook told of every outcome (a promotion waiting for an approver above all).
   * @default - no notifications
   */
  readonly webhookUrl?: string;
  /** @default DEFAULT_RETRY_POLICY */
  readonly webhookRetry?: RetryPolicy;
  /**
   * This service's address as its users reach it, for the commands a notification suggests.
   * @default - the commands leave out --gates-url
   */
  readonly publicUrl?: string;
  /**
   * Evaluations (promotion requests) worked on at the same time; each runs two models over a holdout.
   * @default 1
   */
  readonly maxConcurrentEvaluations?: number;
  /**
   * Requests that wait for a turn beyond those; the next is refused with 429 and Retry-After.
   * @default 8
   */
  readonly maxQueuedEvaluations?: number;
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
  /** @default - the system clock */
  readonly clock?: Clock;
}

export interface GatesServer {
  readonly service: Service;
  /** Resolves when every notification started so far has been delivered or given up (they run after the answer). */
  notificationsSettled(): Promise<void>;
}

/**
 * The gates service, not yet listening: migrations applied, `/api/gates` registered (promotions, approvals,
 * audit), its metrics on the kit's `/metrics`, and on close the notifications under way finished and the
 * database closed.
 */
export async function createGatesServer(options: GatesServerOptions): Promise<GatesServer> {
  return createDatabaseService({ ...options, migrations: { directory: MIGRATIONS_DIR, table: MIGRATIONS_TABLE } }, (db, service) => assemble(db, service, options));
}

function assemble(db: Database, service: Service, options: GatesServerOptions): GatesServer {
  const store = new PromotionStore(db);
  const outcomes = new Counter({
    name: 'plinth_gates_promotions_total',
    help: 'Promotion outcomes by model and status (failed, pending-approval, promoted, rejected, incomplete)',
    labelNames: ['model', 'status'],
    registers: [service.metrics],
  });
  new Gauge({
    name: 'plinth_gates_pending_approvals',
    help: 'High-risk promotions whose gates passed, waiting for an approver',
    registers: [service.metrics],
    async collect() {
      this.set(await store.countPending());
    },
  });
  const notifications = new Counter({
    name: 'plinth_gates_notifications_total',
    help: 'Webhook notifications of promotion outcomes, by how they ended (delivered, rejected, failed)',
    labelNames: ['outcome'],
    registers: [service.metrics],
  });

  const background = new BackgroundWork(service.app.log);
  const notify = (promotion: StoredPromotion) => {
    if (options.webhookUrl === undefined) return;
    const request = promotionNotice(promotion, options.webhookUrl, options.publicUrl);
    const work = deliverWebhook(request, { ...DEFAULT_RETRY_POLICY, ...options.webhookRetry }, options.clock ?? systemClock, Math.random).then(async (delivery) => {
      notifications.inc({ outcome: delivery.outcome });
      // The audit trail says whether the approvers were told; never the URL (it is a secret).
      await store.note(promotion, 'gates', 'notify', { status: promotion.status, outcome: delivery.outcome, attempts: delivery.attempts.length, ...(delivery.detail ? { detail: delivery.detail } : {}) });
    });
    background.track(work, 'promotion notification');
  };
  const evaluations = new AdmissionGate({ concurrent: options.maxConcurrentEvaluations ?? 1, queued: options.maxQueuedEvaluations ?? 8 });
  const workflow = new PromotionWorkflow({
    store,
    tracking: new TrackingClient({ uri: options.trackingUrl, ...(options.trackingToken ? { token: options.trackingToken } : {}) }),
    trackingUrl: options.trackingUrl,
    holdouts: new HoldoutSource(options.holdouts === undefined ? undefined : openArtifactStore(options.holdouts)),
    target: options.target,
    authenticated: options.tokens.size > 0,
    onOutcome: (promotion) => {
      outcomes.inc({ model: promotion.model, status: promotion.status });
      notify(promotion);
    },
  });
  service.app.addHook('onClose', async () => {
    await background.settled();
    await db.close();
  });
  service.app.log.info(
    { database: db.description, tracking: options.trackingUrl, repository: options.target.repository, holdouts: options.holdouts ?? null, notifications: options.webhookUrl !== undefined, ...evaluations.props },
    'gates ready',
  );
  const context = { workflow, store, evaluations };
  registerApiFamily(service.app, { prefix: '/api/gates', errorMapper: plinthErrorMapper, schemaErrorFormatter: plinthSchemaErrorFormatter, plugins: [endpointsPlugin(gatesEndpoints(context), context, asGatesServiceError)] });
  return { service, notificationsSettled: () => background.settled() };
}
