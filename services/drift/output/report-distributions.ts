import type { DatasetInput } from '../compare';
import type { DriftReport } from '../report';
import type { FeatureType } from '../sample';
import type { StatTestName } from '../stattests/stattest';
import { columnDistribution } from './column-distribution';

/** A column's verdict with its reference and current shares per bin: one chart of the console's drift page. */
export interface ReportColumnDistribution {
  readonly column: string;
  readonly type: FeatureType;
  readonly stattest: StatTestName;
  /** Infinite for chi-square when a value appears only in the current data (null in JSON). */
  readonly statistic: number;
  readonly threshold: number;
  readonly drifted: boolean;
  readonly reference_rows: number;
  readonly current_rows: number;
  /** `edges`: equal-width bins of a numeric column; `values`: one bin per value (and maybe one "other"). */
  readonly bins: 'edges' | 'values';
  /** The histogram's bin edges, one more than the bins; only for `bins: "edges"`. */
  readonly edges?: number[];
  /** A label per bin: the value, "other (N values)", or the interval "a – b". */
  readonly labels: string[];
  /** Share of the reference's usable rows in each bin. */
  readonly reference: number[];
  /** Share of the current window's usable rows in each bin. */
  readonly current: number[];
}

/**
 * Each column of the report with the shares the HTML page draws (the same bins, the same "other" bar),
 * drifted columns first as on that page. Embeddings have no chart: their components are too many to draw.
 */
export function reportDistributions(report: DriftReport, reference: DatasetInput, current: DatasetInput): ReportColumnDistribution[] {
  const columns = Object.entries(report.columns).sort(([, a], [, b]) => Number(b.drifted) - Number(a.drifted));
  return columns.map(([name, column]) => {
    const { bins, bars } = columnDistribution(name, column.type, reference, current);
    return {
      column: name,
      type: column.type,
      stattest: column.stattest,
      statistic: column.statistic,
      threshold: column.threshold,
      drifted: column.drifted,
      reference_rows: column.reference_rows,
      current_rows: column.current_rows,
      bins: bins.kind,
      ...(bins.kind === 'edges' ? { edges: Array.from(bins.edges) } : {}),
      labels: bars.map((bar) => bar.label),
      reference: bars.map((bar) => bar.reference),
      current: bars.map((bar) => bar.current),
    };
  });
}
