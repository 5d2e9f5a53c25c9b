import { getJson } from '../../api';

/**
 * The drift service's answers as the console reads them (services/drift/README.md, "Service"). JSON has no
 * Infinity: an infinite chi-square statistic arrives as null.
 */
export interface DatasetVerdict {
  readonly columns: number;
  readonly drifted_columns: number;
  readonly drifted_share: number;
  readonly drifted: boolean;
  /** The share of drifted columns at which the dataset drifts. */
  readonly threshold: number;
}

export interface ReportHeadline {
  readonly id: string;
  readonly created_at: string;
  readonly rows_seen: number;
  readonly window_rows: number;
  readonly dataset: DatasetVerdict;
}

export interface ColumnPoint {
  readonly stattest: string;
  readonly statistic: number | null;
  readonly p_value?: number;
  /** What the threshold applies to: the p-value of a hypothesis test, else the statistic. */
  readonly score: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
}

export interface ReportSummary extends ReportHeadline {
  readonly columns: Readonly<Record<string, ColumnPoint>>;
}

export interface DriftModel {
  readonly model: string;
  readonly reference: { readonly id: string; readonly created_at: string; readonly rows: number; readonly columns: number };
  readonly latest_report: ReportHeadline | null;
}

export interface Reference {
  readonly model: string;
  readonly reference_id: string;
  readonly created_at: string;
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

export interface ReportPage {
  readonly model: string;
  readonly reference_id: string;
  readonly reports: readonly ReportSummary[];
  /** Pass as `before` for the older page; null after the last. */
  readonly next_before: number | null;
}

export interface ColumnDistribution {
  readonly column: string;
  readonly type: string;
  readonly stattest: string;
  readonly statistic: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
  readonly reference_rows: number;
  readonly current_rows: number;
  readonly bins: 'edges' | 'values';
  readonly edges?: readonly number[];
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
}

export interface Distributions {
  readonly model: string;
  readonly reference_id: string;
  readonly reference_rows: number;
  readonly window_rows: number;
  readonly dataset: DatasetVerdict;
  readonly columns: readonly ColumnDistribution[];
}

export interface TriggerAttempt {
  readonly at: string;
  readonly status?: number;
  readonly error?: string;
}

export interface TriggerRecord {
  readonly id: string;
  readonly reason: 'drift' | 'schedule';
  readonly report_id?: string;
  readonly outcome: 'delivered' | 'rejected' | 'failed' | 'suppressed';
  readonly detail?: string;
  readonly attempts: readonly TriggerAttempt[];
  readonly started_at: string;
  readonly finished_at: string;
}

/** Reports per page: a chart of a few hundred points draws at once. */
export const REPORTS_PER_PAGE = 500;

const modelPath = (model: string, rest: string) => `api/drift/models/${encodeURIComponent(model)}/${rest}`;

export const driftApi = {
  models: () => getJson<{ models: DriftModel[] }>('drift', 'api/drift/models'),
  reference: (model: string) => getJson<Reference>('drift', modelPath(model, 'reference')),
  reports: (model: string, before?: number) => getJson<ReportPage>('drift', modelPath(model, 'reports'), { max_results: REPORTS_PER_PAGE, before }),
  distributions: (model: string) => getJson<Distributions>('drift', modelPath(model, 'distributions')),
  triggers: (model: string) => getJson<{ triggers: TriggerRecord[] }>('drift', modelPath(model, 'triggers')),
};
