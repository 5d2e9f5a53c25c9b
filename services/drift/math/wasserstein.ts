import { DistinctValueCursor } from './distinct-value-cursor';

/**
 * First Wasserstein distance between two empirical distributions, ∫ |F1 − F2| dx: scipy's
 * `stats.wasserstein_distance(a, b)` (`_cdf_distance` with p = 1), computed in one merge pass over the two
 * sorted samples instead of scipy's concatenate-sort-searchsorted. Inputs sorted ascending, non-empty.
 */
export function wassersteinDistance(sortedA: Float64Array, sortedB: Float64Array): number {
  const cursor = new DistinctValueCursor(sortedA, sortedB);
  cursor.advance();
  let value = cursor.value;
  let gap = cursor.countA / sortedA.length - cursor.countB / sortedB.length;
  let distance = 0;
  while (cursor.advance()) {
    distance += Math.abs(gap) * (cursor.value - value);
    value = cursor.value;
    gap = cursor.countA / sortedA.length - cursor.countB / sortedB.length;
  }
  return distance;
}
