import type { FeatureType } from './sample';
import type { StatTestName } from './stattests/stattest';

/** The drift report, field for field the JSON that `plinth drift compare` prints and the service stores. */
export interface DriftReport {
  readonly columns: Readonly<Record<string, ColumnDriftReport>>;
  readonly dataset: DatasetDriftReport;
  /** The model-output column's verdict, when one column has the role "prediction". */
  readonly prediction?: { readonly column: string; readonly drifted: boolean };
  readonly embeddings?: Readonly<Record<string, EmbeddingDriftReport>>;
}

export interface ColumnDriftReport {
  readonly type: FeatureType;
  readonly role?: 'prediction';
  readonly stattest: StatTestName;
  /** Infinite for chi-square when a value appears only in the current data (null in JSON). */
  readonly statistic: number;
  /** Only for hypothesis tests (ks, chisquare, z). */
  readonly p_value?: number;
  readonly threshold: number;
  readonly drifted: boolean;
  /** Rows the test used, after dropping NaN, ±Infinity and missing values. */
  readonly reference_rows: number;
  readonly current_rows: number;
  readonly dropped: RowCounts;
}

export interface RowCounts {
  readonly reference: number;
  readonly current: number;
}

export interface DatasetDriftReport {
  readonly columns: number;
  readonly drifted_columns: number;
  readonly drifted_share: number;
  /** At least `share` (default one half) of the columns drifted. */
  readonly drifted: boolean;
}

export interface EmbeddingDriftReport {
  readonly dimensions: number;
  readonly reference_rows: number;
  readonly current_rows: number;
  /** Rows dropped because a component was NaN or ±Infinity. */
  readonly dropped: RowCounts;
  /** Euclidean distance between the reference and current centroids; drift when above the threshold. */
  readonly centroid_distance: { readonly value: number; readonly threshold: number; readonly drifted: boolean };
  /** Share of components whose normalised Wasserstein distance reaches the component threshold. */
  readonly drifted_components: {
    readonly share: number;
    readonly component_stattest: 'wasserstein';
    readonly component_threshold: number;
    readonly threshold: number;
    readonly drifted: boolean;
  };
  /** Either measure drifted. */
  readonly drifted: boolean;
}
