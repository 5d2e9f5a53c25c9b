import { randomUUID } from 'node:crypto';
import type { DatasetInput } from '../compare';
import type { DriftReport } from '../report';
import { type AnalysisRunner, inThreadAnalysis } from './analysis';
import { type Clock, systemClock } from '../../kit/clock';
import { DriftConfigError } from './drift-config-error';
import type { DriftStore, ProfileOptions, ProfileSummary, ReferenceProfile, StoredReport } from './drift-store';
import { MonitorInputError } from './monitor-input-error';
import type { TableInput } from './table-input';
import { type SharedDataset, shareDataset } from './shared-dataset';
import { type ProfileColumn, columnsOfRows, datasetInput } from './typed-columns';

export interface DriftMonitorProps {
  readonly store: DriftStore;
  /**
   * Rows of current data kept per model: each report compares the newest `windowRows` rows with the
   * reference. Up to 10 000 the KS test stays exact.
   * @default 5000
   */
  readonly windowRows?: number;
  /**
   * No report until the window holds this many rows: verdicts on a handful of rows are noise, and a
   * retraining trigger must not fire on noise.
   * @default - 100, or windowRows when that is smaller
   */
  readonly minWindowRows?: number;
  /**
   * Largest batch accepted. At most `windowRows`: a larger batch would mostly fall out of the window unread.
   * @default - windowRows
   */
  readonly maxBatchRows?: number;
  /**
   * Largest reference accepted.
   * @default 1_000_000
   */
  readonly maxReferenceRows?: number;
  /** @default - the system clock */
  readonly clock?: Clock;
  /**
   * Where parsing and statistics run. A server passes its worker pool, so that a large upload does not
   * hold up its other requests.
   * @default - in the calling thread
   */
  readonly analysis?: AnalysisRunner;
}

export interface ReferenceSummary {
  readonly model: string;
  readonly reference_id: string;
  readonly created_at: string;
  readonly rows: number;
  readonly columns: readonly ProfileColumn[];
}

export interface BatchResult {
  readonly model: string;
  readonly accepted_rows: number;
  readonly window_rows: number;
  readonly rows_seen: number;
  /** The report on the window this batch completed; absent while the window is below `minWindowRows`. */
  readonly report?: StoredReport;
}

/** A report with the data it compared, for charts. */
export interface ReportWithData {
  /** The reference compared with, without its values. */
  readonly profile: ProfileSummary;
  readonly report: DriftReport;
  readonly windowRows: number;
  readonly reference: SharedDataset;
  readonly current: DatasetInput;
}

/**
 * A profile kept between batches: its summary and the comparison's view of its values, in shared memory.
 * Not the values as JSON cells: 3 × 10^6 of them would only slow down every garbage collection.
 */
interface CachedProfile {
  readonly summary: ProfileSummary;
  readonly reference: SharedDataset;
}

function cache({ values, valuesJson, ...summary }: ReferenceProfile): CachedProfile {
  return { summary, reference: shareDataset(datasetInput(summary.columns, values)) };
}

/** Model names go into URLs and metric labels: a short, plain token. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Watches models in production: a reference profile per model, a sliding window of the newest current rows,
 * and a drift report computed with `compareDatasets` on every batch once the window is large enough.
 * Bad input throws MonitorInputError and changes nothing, so the monitor carries on with the next request.
 */
export class DriftMonitor {
  readonly windowRows: number;
  readonly minWindowRows: number;
  readonly maxBatchRows: number;
  readonly maxReferenceRows: number;
  private readonly store: DriftStore;
  private readonly clock: Clock;
  private readonly analysis: AnalysisRunner;
  /** Reference profiles read for batches, by model (see profileForBatch). */
  private readonly profiles = new Map<string, CachedProfile>();

  constructor(props: DriftMonitorProps) {
    this.store = props.store;
    this.clock = props.clock ?? systemClock;
    this.analysis = props.analysis ?? inThreadAnalysis;
    this.windowRows = positiveInteger('windowRows', props.windowRows ?? 5000);
    this.minWindowRows = positiveInteger('minWindowRows', props.minWindowRows ?? Math.min(100, this.windowRows));
    this.maxBatchRows = positiveInteger('maxBatchRows', props.maxBatchRows ?? this.windowRows);
    this.maxReferenceRows = positiveInteger('maxReferenceRows', props.maxReferenceRows ?? 1_000_000);
    if (this.minWindowRows > this.windowRows) {
      throw new DriftConfigError(`minWindowRows (${this.minWindowRows}) must not exceed windowRows (${this.windowRows}): no report would ever be computed`);
    }
    if (this.maxBatchRows > this.windowRows) {
      throw new DriftConfigError(`maxBatchRows (${this.maxBatchRows}) must not exceed windowRows (${this.windowRows}): most of such a batch would never be compared`);
    }
  }

  /**
   * Registers (or replaces) a model's reference. The options are checked by comparing the reference with
   * itself, so that a test that does not fit a column is refused now rather than on every batch. Replacing
   * a reference empties the model's window: rows gathered against the old reference say nothing about the new.
   */
  async registerReference(model: string, input: TableInput, options: ProfileOptions = {}): Promise<ReferenceSummary> {
    checkModelName(model);
    const { columns, values, valuesJson, rows, shared } = await this.analysis.run('profileReference', { model, input, options, maxRows: this.maxReferenceRows });
    const profile: ReferenceProfile = { model, id: randomUUID(), createdAt: this.clock.now().toISOString(), columns, rows, values, options };
    await this.store.saveProfile({ ...profile, valuesJson });
    this.profiles.set(model, { summary: { model, id: profile.id, createdAt: profile.createdAt, columns, rows, options }, reference: shared });
    return { model, reference_id: profile.id, rows: profile.rows, columns, created_at: profile.createdAt };
  }

  /** Adds a batch of current rows to the model's window and, once the window is large enough, reports on it. */
  async ingestBatch(model: string, input: TableInput): Promise<BatchResult> {
    let { entry, cached } = await this.profileForBatch(model);
    const typeBatch = (columns: readonly ProfileColumn[]) => this.analysis.run('typeBatch', { model, input, columns, maxRows: this.maxBatchRows });
    let rows = await typeBatch(entry.summary.columns);
    let window = await this.store.appendToWindow(model, entry.summary.id, rows, this.windowRows);
    if (window === undefined && cached) {
      // Another replica replaced the reference since this one cached it: read it again, once.
      this.profiles.delete(model);
      ({ entry, cached } = await this.profileForBatch(model));
      rows = await typeBatch(entry.summary.columns);
      window = await this.store.appendToWindow(model, entry.summary.id, rows, this.windowRows);
    }
    if (window === undefined) {
      throw new MonitorInputError({ model, input: 'batch', kind: 'reference_replaced' }, 'the reference was replaced while this batch was read; send the batch again');
    }
    const result = { model, accepted_rows: rows.length, window_rows: window.rows.length, rows_seen: window.rowsSeen };
    if (window.rows.length < this.minWindowRows) return result;
    const { columns, id, options } = entry.summary;
    const current = datasetInput(columns, columnsOfRows(columns, window.rows));
    const report: StoredReport = {
      id: randomUUID(),
      model,
      reference_id: id,
      created_at: this.clock.now().toISOString(),
      window_rows: window.rows.length,
      rows_seen: window.rowsSeen,
      report: await this.analysis.run('compare', { reference: entry.reference, current, options }),
    };
    await this.store.saveReport(report);
    return { ...result, report };
  }

  /** The report on the model's newest window under its current reference, if there is one yet. */
  async latestReport(model: string): Promise<StoredReport | undefined> {
    const profile = await this.profileSummary(model);
    return this.store.latestReport(model, profile.id);
  }

  /**
   * The comparison of the current window with the reference, with both datasets (for the HTML page's charts),
   * or undefined while the window is below `minWindowRows`. Computed afresh: a stored report keeps no data.
   */
  async currentComparison(model: string): Promise<ReportWithData | undefined> {
    const profile = await this.profileSummary(model);
    const window = await this.store.readWindow(model);
    if (window === undefined || window.profileId !== profile.id || window.rows.length < this.minWindowRows) return undefined;
    const cached = this.profiles.get(model);
    const reference = cached?.summary.id === profile.id ? cached.reference : cache(await this.profile(model)).reference;
    const current = datasetInput(profile.columns, columnsOfRows(profile.columns, window.rows));
    const report = await this.analysis.run('compare', { reference, current, options: profile.options });
    return { profile, report, windowRows: window.rows.length, reference, current };
  }

  /** The model's current reference; MonitorInputError (unknown_model) when it has none. */
  async reference(model: string): Promise<ReferenceSummary> {
    const profile = await this.profileSummary(model);
    return { model, reference_id: profile.id, rows: profile.rows, columns: profile.columns, created_at: profile.createdAt };
  }

  /**
   * The model's current reference without its values (reading those takes long, and most requests need only
   * the id, columns or options); MonitorInputError (unknown_model) when it has none.
   */
  async profileSummary(model: string): Promise<ProfileSummary> {
    checkModelName(model);
    return (await this.store.loadProfileSummary(model)) ?? unknownModel(model);
  }

  /**
   * The profile a batch is compared with. A reference can be large, and batches are frequent, so it is
   * kept per model once read; appendToWindow's profile check tells when it has been replaced.
   */
  private async profileForBatch(model: string): Promise<{ entry: CachedProfile; cached: boolean }> {
    const cached = this.profiles.get(model);
    if (cached) return { entry: cached, cached: true };
    const entry = cache(await this.profile(model));
    this.profiles.set(model, entry);
    return { entry, cached: false };
  }

  private async profile(model: string): Promise<ReferenceProfile> {
    checkModelName(model);
    return (await this.store.loadProfile(model)) ?? unknownModel(model);
  }
}

function unknownModel(model: string): never {
  throw new MonitorInputError({ kind: 'unknown_model', model }, 'no reference registered; register one before sending batches');
}

function checkModelName(model: string): void {
  if (MODEL_NAME.test(model)) return;
  throw new MonitorInputError(
    { kind: 'invalid_model', model },
    'not a valid model name: use 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );
}

function positiveInteger(name: string, value: number): number {
  if (Number.isInteger(value) && value > 0) return value;
  throw new DriftConfigError(`${name} must be a positive integer; found ${value}`);
}
