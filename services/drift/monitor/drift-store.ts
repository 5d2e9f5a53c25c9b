import type { DeliveryAttempt } from '../../kit/webhooks/deliver-webhook';
import type { CompareOptions } from '../compare';
import type { DriftReport } from '../report';
import type { Cell } from './cells';
import type { ColumnValues, ProfileColumn } from './typed-columns';

/** Per-column tests, thresholds and roles, the drift share, and the embedding columns with their thresholds. */
export type ProfileOptions = CompareOptions;

/** A model's reference data, typed, with the options its windows are compared under. */
export interface ReferenceProfile {
  readonly model: string;
  /** New for every registration: reports and windows belong to one profile. */
  readonly id: string;
  readonly createdAt: string;
  readonly columns: readonly ProfileColumn[];
  readonly rows: number;
  readonly values: ColumnValues;
  readonly options: ProfileOptions;
  /**
   * `values` as JSON, when it was already written (by an analysis thread, off the event loop): a store that
   * keeps JSON takes it as it is. Never given back by loadProfile.
   * @default - the store serializes `values` itself
   */
  readonly valuesJson?: string;
}

/** A profile without its values: all that reads which only need its id, columns or options load. */
export type ProfileSummary = Omit<ReferenceProfile, 'values' | 'valuesJson'>;

/** One row of current data, cells in the profile's column order. */
export type WindowRow = readonly Cell[];

export interface CurrentWindow {
  readonly profileId: string;
  /** The newest rows, oldest first. */
  readonly rows: readonly WindowRow[];
  /** Rows received since the profile was registered, including those that have left the window. */
  readonly rowsSeen: number;
}

/** A drift report as stored and served: the comparison of one window with the reference. */
export interface StoredReport {
  readonly id: string;
  readonly model: string;
  readonly reference_id: string;
  readonly created_at: string;
  /** Rows in the window that was compared. */
  readonly window_rows: number;
  /** Rows received since the reference was registered, when the report was computed: orders one reference's reports. */
  readonly rows_seen: number;
  readonly report: DriftReport;
}

/** One page of a profile's report history, newest window first. */
export interface ReportPage {
  /** At most this many reports. */
  readonly maxResults: number;
  /**
   * Only reports of windows that had seen fewer rows than this (the last `rows_seen` of the previous page).
   * @default - from the newest report
   */
  readonly beforeRowsSeen?: number;
}

export type TriggerReason = 'drift' | 'schedule';

/**
 * How a retraining trigger ended. delivered: the webhook answered 2xx. rejected: it answered 4xx (not
 * retried). failed: network errors or 5xx until the attempts ran out. suppressed: not sent (cool-down, or
 * a trigger for the model already in flight).
 */
export type TriggerOutcome = 'delivered' | 'rejected' | 'failed' | 'suppressed';

export type TriggerAttempt = DeliveryAttempt;

export interface TriggerRecord {
  readonly id: string;
  readonly model: string;
  readonly reason: TriggerReason;
  /** The report that drifted, or the latest one for a scheduled trigger. */
  readonly report_id?: string;
  readonly idempotency_key: string;
  readonly outcome: TriggerOutcome;
  /** Why it was suppressed, rejected or failed. */
  readonly detail?: string;
  readonly attempts: readonly TriggerAttempt[];
  readonly started_at: string;
  readonly finished_at: string;
}

/**
 * What the drift monitor and the retraining trigger keep. Every method is all-or-nothing: an implementation
 * over a database runs each in one transaction.
 */
export interface DriftStore {
  /** Saves a profile in place of the model's previous one and empties the model's window. */
  saveProfile(profile: ReferenceProfile): Promise<void>;
  loadProfile(model: string): Promise<ReferenceProfile | undefined>;
  /** The profile without its values: cheap, where loadProfile reads and decodes every value of the reference. */
  loadProfileSummary(model: string): Promise<ProfileSummary | undefined>;
  listModels(): Promise<string[]>;
  /**
   * Appends rows to the model's window, then drops the oldest beyond `keepRows`. Returns the window after,
   * or undefined (and appends nothing) when the model's profile is no longer `profileId`.
   */
  appendToWindow(model: string, profileId: string, rows: readonly WindowRow[], keepRows: number): Promise<CurrentWindow | undefined>;
  /** The model's window; undefined for a model without a profile. */
  readWindow(model: string): Promise<CurrentWindow | undefined>;
  saveReport(report: StoredReport): Promise<void>;
  /** The report of the profile's newest window (largest rows_seen). */
  latestReport(model: string, profileId: string): Promise<StoredReport | undefined>;
  /** The profile's reports, largest rows_seen first (one profile's reports each have their own rows_seen). */
  listReports(model: string, profileId: string, page: ReportPage): Promise<StoredReport[]>;
  recordTrigger(record: TriggerRecord): Promise<void>;
  /** Newest first. */
  listTriggers(model: string): Promise<TriggerRecord[]>;
  /** The most recent trigger the webhook accepted, for the cool-down. */
  lastDeliveredTrigger(model: string): Promise<TriggerRecord | undefined>;
}
