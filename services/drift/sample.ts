import { DistinctValueCursor } from './math/distinct-value-cursor';

/** How a column is compared: numbers on a line, or labels with no order. */
export type FeatureType = 'numeric' | 'categorical';

/**
 * A column as it arrives: numbers, where NaN and ±Infinity mark values to drop, or labels, where null
 * marks a missing one. A numeric column may still be compared as categorical (codes, small integer sets).
 */
export type RawValues = Float64Array | readonly (string | null)[];

/** The values a test sees once missing ones are dropped: sorted numbers, or label counts. */
export type Sample =
  | { readonly kind: 'numbers'; readonly sorted: Float64Array; readonly size: number }
  | { readonly kind: 'labels'; readonly counts: ReadonlyMap<string, number>; readonly size: number };

export interface PreparedSample {
  readonly sample: Sample;
  /** Values dropped as NaN, ±Infinity or missing. */
  readonly dropped: number;
}

export function prepareSample(values: RawValues): PreparedSample {
  if (values instanceof Float64Array) {
    const finite = new Float64Array(values.length);
    let size = 0;
    for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k])) finite[size++] = values[k];
    const sorted = finite.slice(0, size).sort();
    return { sample: { kind: 'numbers', sorted, size }, dropped: values.length - size };
  }
  const counts = new Map<string, number>();
  let size = 0;
  for (const label of values) {
    if (label === null) continue;
    counts.set(label, (counts.get(label) ?? 0) + 1);
    size++;
  }
  return { sample: { kind: 'labels', counts, size }, dropped: values.length - size };
}

/** The sorted numbers of a numeric sample; the comparison checks types before any test runs. */
export function sortedNumbers(sample: Sample): Float64Array {
  if (sample.kind !== 'numbers') throw new Error('internal error: a numeric test was given labels');
  return sample.sorted;
}

/** Number of distinct values in a sample (pandas `nunique`). */
export function distinctCount(sample: Sample): number {
  if (sample.kind === 'labels') return sample.counts.size;
  let count = 0;
  for (let k = 0; k < sample.size; k++) if (k === 0 || sample.sorted[k] !== sample.sorted[k - 1]) count++;
  return count;
}

/** Number of distinct values over both samples together (pandas `concat([a, b]).nunique()`). */
export function distinctCountOfUnion(a: Sample, b: Sample): number {
  if (a.kind === 'labels' && b.kind === 'labels') return new Set([...a.counts.keys(), ...b.counts.keys()]).size;
  const cursor = new DistinctValueCursor(sortedNumbers(a), sortedNumbers(b));
  let count = 0;
  while (cursor.advance()) count++;
  return count;
}
