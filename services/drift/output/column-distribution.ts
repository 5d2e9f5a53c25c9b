import { type BinCounts, binCounts } from '../binning';
import type { DatasetInput } from '../compare';
import { type FeatureType, prepareSample } from '../sample';

/** A value chart shows this many bars; beyond, the most frequent values and one bar for all the others. */
export const MAX_VALUE_BARS = 20;

/** One bar pair of a distribution chart: the shares of the reference and of the current data in one bin. */
export interface DistributionBar {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

/** A column's distributions over the bins its statistics use: what both the HTML page and the console draw. */
export interface ColumnDistribution {
  readonly bins: BinCounts['bins'];
  /** In bin order; for more than MAX_VALUE_BARS values, the most frequent first and one "other" bar last. */
  readonly bars: readonly DistributionBar[];
}

/** The column's reference and current shares per bin, with the bins of `binCounts` (missing values dropped, as the tests drop them). */
export function columnDistribution(name: string, type: FeatureType, reference: DatasetInput, current: DatasetInput): ColumnDistribution {
  const ref = prepareSample(reference.columns[name]).sample;
  const cur = prepareSample(current.columns[name]).sample;
  const counts = binCounts(type, ref, cur);
  return { bins: counts.bins, bars: distributionBars(counts, ref.size, cur.size) };
}

/**
 * One bar per bin; for many values the most frequent and one "other" bar. A histogram keeps all its bins in
 * order (Sturges gives about log2(rows) + 1 of them, 22 at 10^6 rows): reordered, its edges would mean nothing.
 */
function distributionBars(counts: BinCounts, referenceSize: number, currentSize: number): DistributionBar[] {
  const bars = Array.from(counts.reference, (count, i) => ({ label: binLabel(counts, i), reference: count / referenceSize, current: counts.current[i] / currentSize }));
  if (counts.bins.kind === 'edges' || bars.length <= MAX_VALUE_BARS) return bars;
  const byFrequency = [...bars].sort((a, b) => b.reference + b.current - (a.reference + a.current));
  const others = byFrequency.slice(MAX_VALUE_BARS - 1);
  const sum = (side: 'reference' | 'current') => others.reduce((total, bar) => total + bar[side], 0);
  return [...byFrequency.slice(0, MAX_VALUE_BARS - 1), { label: `other (${others.length} values)`, reference: sum('reference'), current: sum('current') }];
}

function binLabel(counts: BinCounts, i: number): string {
  if (counts.bins.kind === 'values') return String(counts.bins.keys[i]);
  return `${formatNumber(counts.bins.edges[i])} – ${formatNumber(counts.bins.edges[i + 1])}`;
}

/** Four significant digits, exponent notation below 0.001: short enough for a label under a bar. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e-3 || value === 0 ? Number(value.toPrecision(4)).toString() : value.toExponential(3);
}
