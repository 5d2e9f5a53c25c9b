import * as path from 'node:path';
import { Gauge } from 'prom-client';
import type { Database } from '../../kit/database/database';
import type { DatabaseIamAuth } from '../../kit/database/database-iam-auth';
import { registerApiFamily } from '../../kit/server/api-family';
import { BackgroundWork } from '../../kit/server/background-work';
import type { Service } from '../../kit/server/create-service';
import { createDatabaseService } from '../../kit/server/database-service';
import { plinthErrorMapper } from '../../kit/server/plinth-error-mapper';
import type { TokenTable } from '../../kit/server/tokens';
import { DriftMetrics } from '../metrics';
import { AnalysisPool } from './analysis-pool';
import { AdmissionGate } from '../../kit/server/admission-gate';
import type { Clock } from '../../kit/clock';
import { DriftMonitor, type DriftMonitorProps } from '../monitor/drift-monitor';
import type { DriftStore, StoredReport } from '../monitor/drift-store';
import { type RetrainingSchedule, startRetrainingSchedule } from '../retraining/retraining-schedule';
import { RetrainingTrigger, type RetrainingTriggerProps } from '../retraining/retraining-trigger';
import { DatabaseDriftStore } from './database-drift-store';
import { driftRoutesPlugin } from './drift-routes';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
/** Its own bookkeeping table, so that drift and tracking can share one database without their ids meeting. */
const MIGRATIONS_TABLE = 'drift_schema_migrations';

export interface RetrainingOptions extends Pick<RetrainingTriggerProps, 'webhook' | 'retry' | 'cooldownMs' | 'env' | 'onEmbeddingDrift'> {
  /**
   * Also trigger every model on this period, drift or not (the cool-down still applies).
   * @default - only on drift
   */
  readonly everyMs?: number;
}

export interface DriftServerOptions {
  /** `postgres://…`, `memory:` or a directory for the embedded store. */
  readonly database: string;
  /**
   * Log in to PostgreSQL with the cloud's IAM tokens instead of a password.
   * @default - the password in the database URL, if any
   */
  readonly databaseIamAuth?: DatabaseIamAuth;
  readonly tokens: TokenTable;
  /** @default - the monitor's defaults (see DriftMonitorProps) */
  readonly monitor?: Omit<DriftMonitorProps, 'store' | 'clock'>;
  /** @default - no retraining trigger */
  readonly retraining?: RetrainingOptions;
  /**
   * Largest reference body, in bytes.
   * @default 134217728 (128 MiB)
   */
  readonly maxReferenceBytes?: number;
  /**
   * Largest batch body, in bytes.
   * @default 16777216 (16 MiB)
   */
  readonly maxBatchBytes?: number;
  /**
   * Worker threads that parse uploads and compute statistics and charts, off the event loop.
   * @default - os.availableParallelism()
   */
  readonly analysisThreads?: number;
  /**
   * Uploads (references and batches) read and worked on at the same time.
   * @default - analysisThreads
   */
  readonly maxConcurrentUploads?: number;
  /**
   * Uploads that wait for a turn beyond maxConcurrentUploads; the next is refused with 429 and Retry-After.
   * @default - maxConcurrentUploads
   */
  readonly maxQueuedUploads?: number;
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
  /** @default - the system clock */
  readonly clock?: Clock;
}

export interface DriftServer {
  readonly service: Service;
  /** Resolves when every retraining trigger started so far has ended (they run after the batch is answered). */
  triggersSettled(): Promise<void>;
}

/**
 * The drift service, not yet listening: migrations applied, `/api/drift` registered, drift metrics on the
 * kit's `/metrics` (restored from the stored reports, so that a restart does not silence an alert), and on
 * close the schedule stopped, triggers under way finished, the database closed.
 */
export async function createDriftServer(options: DriftServerOptions): Promise<DriftServer> {
  return createDatabaseService({ ...options, migrations: { directory: MIGRATIONS_DIR, table: MIGRATIONS_TABLE } }, (db, service) => assemble(db, service, options));
}

async function assemble(db: Database, service: Service, options: DriftServerOptions): Promise<DriftServer> {
  const store = new DatabaseDriftStore(db);
  const metrics = new DriftMetrics(service.metrics);
  await restoreMetrics(store, metrics);
  const analysis = new AnalysisPool({ threads: options.analysisThreads });
  const concurrent = options.maxConcurrentUploads ?? analysis.threads;
  const uploads = new AdmissionGate({ concurrent, queued: options.maxQueuedUploads ?? concurrent });
  new Gauge({
    name: 'plinth_drift_uploads',
    help: 'Uploads (references and batches) going on (state="active") and waiting for a turn (state="waiting")',
    labelNames: ['state'],
    registers: [service.metrics],
    collect() {
      this.set({ state: 'active' }, uploads.active);
      this.set({ state: 'waiting' }, uploads.queued);
    },
  });
  const monitor = new DriftMonitor({ ...options.monitor, store, clock: options.clock, analysis });
  const trigger = options.retraining
    ? new RetrainingTrigger({ ...options.retraining, store, clock: options.clock, onRecord: (record) => metrics.recordTrigger(record.model, record.outcome) })
    : undefined;

  const background = new BackgroundWork(service.app.log);
  const onReport = (report: StoredReport) => {
    if (trigger) background.track(trigger.onReport(report), 'retraining trigger');
  };
  const schedule: RetrainingSchedule | undefined =
    trigger && options.retraining?.everyMs !== undefined
      ? startRetrainingSchedule({ store, trigger, everyMs: options.retraining.everyMs, clock: options.clock, onError: (error) => service.app.log.error({ err: error }, 'retraining schedule failed') })
      : undefined;
  const triggersSettled = () => background.settled();

  service.app.addHook('onClose', async () => {
    schedule?.stop();
    await triggersSettled();
    await analysis.close();
    await db.close();
  });
  service.app.log.info(
    { database: db.description, windowRows: monitor.windowRows, retraining: trigger !== undefined, analysisThreads: analysis.threads, ...uploads.props },
    'drift store ready',
  );
  registerApiFamily(service.app, {
    prefix: '/api/drift',
    errorMapper: plinthErrorMapper,
    plugins: [
      driftRoutesPlugin({
        monitor,
        store,
        metrics,
        onReport,
        maxReferenceBytes: options.maxReferenceBytes ?? 128 * 1024 * 1024,
        maxBatchBytes: options.maxBatchBytes ?? 16 * 1024 * 1024,
        analysis,
        uploads,
      }),
    ],
  });
  return { service, triggersSettled };
}

async function restoreMetrics(store: DriftStore, metrics: DriftMetrics): Promise<void> {
  for (const model of await store.listModels()) {
    const profile = await store.loadProfileSummary(model);
    const latest = profile && (await store.latestReport(model, profile.id));
    if (latest) metrics.recordReport(model, latest.report);
  }
}
