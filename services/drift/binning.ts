import { alignedValueCounts } from './value-counts';
import { type FeatureType, type Sample, distinctCount, sortedNumbers } from './sample';

export interface BinShares {
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/** Per-bin counts, with what the bins are: equal-width intervals by their edges, or one value each. */
export interface BinCounts {
  readonly bins: { readonly kind: 'edges'; readonly edges: Float64Array } | { readonly kind: 'values'; readonly keys: Float64Array | readonly string[] };
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/** A numeric column gets equal-width bins when its reference has more distinct values than this. */
const MAX_DISTINCT_FOR_VALUE_BINS = 20;

/**
 * The bins of Evidently's `get_binned_data`, for PSI, Jensen–Shannon and the HTML charts: numeric columns
 * with more than 20 distinct reference values get Sturges equal-width bins over both samples together,
 * every other column one bin per value.
 *
 * Evidently on an integer-typed pandas column floors the Sturges width at 1; our numeric columns are
 * float64 (as pandas makes any column with a missing value), so the width is never floored. The two can
 * differ only when the value range is below log2(rows) + 1 while having more than 20 distinct integers.
 */
export function binCounts(type: FeatureType, reference: Sample, current: Sample): BinCounts {
  if (type === 'numeric' && distinctCount(reference) > MAX_DISTINCT_FOR_VALUE_BINS) {
    return sturgesHistograms(sortedNumbers(reference), sortedNumbers(current));
  }
  const counts = alignedValueCounts(reference, current);
  return { bins: { kind: 'values', keys: counts.keys }, reference: counts.reference, current: counts.current };
}

/** The share of each sample in each bin (Evidently's `get_binned_data` without zero filling). */
export function binShares(type: FeatureType, reference: Sample, current: Sample): BinShares {
  const counts = binCounts(type, reference, current);
  return { reference: shares(counts.reference, reference.size), current: shares(counts.current, current.size) };
}

/**
 * PSI cannot take a log of 0: Evidently replaces empty bins by 0.0001, or by the smallest non-empty share
 * / 10^6 when that share is itself ≤ 0.0001 (`get_binned_data(..., feel_zeroes=True)`).
 */
export function fillEmptyBins(shares: Float64Array): Float64Array {
  let smallest = Number.POSITIVE_INFINITY;
  for (const share of shares) if (share !== 0 && share < smallest) smallest = share;
  const filler = smallest <= 0.0001 ? smallest / 10 ** 6 : 0.0001;
  return shares.map((share) => (share === 0 ? filler : share));
}

function shares(counts: Float64Array, size: number): Float64Array {
  return counts.map((count) => count / size);
}

/**
 * numpy `histogram(x, histogram_bin_edges(concat(a, b), bins="sturges"))` for x = a and x = b: width
 * ptp / (log2(n) + 1), ⌈ptp / width⌉ bins, edges from `linspace`, bins closed on the left and the last
 * one on both sides.
 */
function sturgesHistograms(a: Float64Array, b: Float64Array): BinCounts {
  const first = Math.min(a[0], b[0]);
  const last = Math.max(a[a.length - 1], b[b.length - 1]);
  const width = (last - first) / (Math.log2(a.length + b.length) + 1);
  const edges = linspace(first, last, Math.ceil((last - first) / width) + 1);
  return { bins: { kind: 'edges', edges }, reference: histogram(a, edges), current: histogram(b, edges) };
}

/** numpy `linspace(start, stop, num)`: start + i·step, with the last edge set to stop exactly. */
function linspace(start: number, stop: number, num: number): Float64Array {
  const step = (stop - start) / (num - 1);
  const edges = new Float64Array(num);
  for (let i = 0; i < num; i++) edges[i] = i * step + start;
  edges[num - 1] = stop;
  return edges;
}

/** Counts of a sorted sample per bin [edges[i], edges[i+1]), the last bin including its right edge. */
function histogram(sorted: Float64Array, edges: Float64Array): Float64Array {
  const binCount = edges.length - 1;
  const counts = new Float64Array(binCount);
  let bin = 0;
  for (let k = 0; k < sorted.length; k++) {
    while (bin < binCount - 1 && sorted[k] >= edges[bin + 1]) bin++;
    counts[bin]++;
  }
  return counts;
}
