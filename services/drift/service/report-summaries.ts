import { DEFAULT_DRIFT_SHARE } from '../compare';
import type { ProfileSummary, StoredReport } from '../monitor/drift-store';
import type { DatasetDriftReport, DriftReport } from '../report';
import type { StatTestName } from '../stattests/stattest';

/** The dataset verdict with the share of drifted columns it was judged against. */
export interface DatasetSummary extends DatasetDriftReport {
  /** The dataset drifts when `drifted_share` reaches this (the reference's `drift_share` option). */
  readonly threshold: number;
}

/** A column's verdict without its row counts: one point per column of a chart over time. */
export interface ColumnSummary {
  readonly stattest: StatTestName;
  /** Infinite for chi-square when a value appears only in the current data (null in JSON). */
  readonly statistic: number;
  /** Only for hypothesis tests (ks, chisquare, z). */
  readonly p_value?: number;
  /** What the threshold applies to: the p-value of a hypothesis test (drift below it), else the statistic (drift at or above it). */
  readonly score: number;
  readonly threshold: number;
  readonly drifted: boolean;
}

/** A stored report's figures without its statistics' details. */
export interface ReportHeadline {
  readonly id: string;
  readonly created_at: string;
  readonly rows_seen: number;
  readonly window_rows: number;
  readonly dataset: DatasetSummary;
}

/** What a chart of hundreds of reports needs of each: a few numbers per column. */
export interface ReportSummary extends ReportHeadline {
  readonly columns: Readonly<Record<string, ColumnSummary>>;
}

export function reportHeadline(stored: StoredReport, profile: ProfileSummary): ReportHeadline {
  const { id, created_at, rows_seen, window_rows } = stored;
  return { id, created_at, rows_seen, window_rows, dataset: datasetSummary(stored.report, profile) };
}

export function reportSummary(stored: StoredReport, profile: ProfileSummary): ReportSummary {
  const columns = Object.fromEntries(
    Object.entries(stored.report.columns).map(([name, column]): [string, ColumnSummary] => {
      const { stattest, statistic, p_value, threshold, drifted } = column;
      return [name, { stattest, statistic, ...(p_value === undefined ? {} : { p_value }), score: p_value ?? statistic, threshold, drifted }];
    }),
  );
  return { ...reportHeadline(stored, profile), columns };
}

export function datasetSummary(report: DriftReport, profile: ProfileSummary): DatasetSummary {
  return { ...report.dataset, threshold: profile.options.driftShare ?? DEFAULT_DRIFT_SHARE };
}
