import { DistinctValueCursor } from './math/distinct-value-cursor';
import type { Sample } from './sample';

/** Per-value counts of two samples over the union of their values, keys ascending. */
export interface AlignedCounts {
  readonly keys: Float64Array | readonly string[];
  readonly reference: Float64Array;
  readonly current: Float64Array;
}

/** Evidently's `value_counts` over `get_unique_not_nan_values_list_from_series`: one bin per value. */
export function alignedValueCounts(reference: Sample, current: Sample): AlignedCounts {
  if (reference.kind === 'numbers' && current.kind === 'numbers') return numberCounts(reference.sorted, current.sorted);
  if (reference.kind === 'labels' && current.kind === 'labels') return labelCounts(reference.counts, current.counts);
  throw new Error('internal error: reference and current samples are of different kinds');
}

function numberCounts(a: Float64Array, b: Float64Array): AlignedCounts {
  const keys: number[] = [];
  const countsA: number[] = [];
  const countsB: number[] = [];
  const cursor = new DistinctValueCursor(a, b);
  let previousA = 0;
  let previousB = 0;
  while (cursor.advance()) {
    keys.push(cursor.value);
    countsA.push(cursor.countA - previousA);
    countsB.push(cursor.countB - previousB);
    previousA = cursor.countA;
    previousB = cursor.countB;
  }
  return { keys: Float64Array.from(keys), reference: Float64Array.from(countsA), current: Float64Array.from(countsB) };
}

function labelCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): AlignedCounts {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return {
    keys,
    reference: Float64Array.from(keys, (key) => a.get(key) ?? 0),
    current: Float64Array.from(keys, (key) => b.get(key) ?? 0),
  };
}
