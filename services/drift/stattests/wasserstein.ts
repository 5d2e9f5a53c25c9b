import { wassersteinDistance } from '../math/wasserstein';
import { sortedNumbers } from '../sample';
import type { StatTest } from './stattest';

/** Evidently floors the reference's standard deviation here so a constant reference does not divide by 0. */
const MIN_NORM = 0.001;

/**
 * Wasserstein distance in units of the reference's population standard deviation (Evidently's
 * `wasserstein_stat_test`: `wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)`).
 */
export function normalizedWasserstein(sortedReference: Float64Array, sortedCurrent: Float64Array): number {
  const norm = Math.max(populationStandardDeviation(sortedReference), MIN_NORM);
  return wassersteinDistance(sortedReference, sortedCurrent) / norm;
}

export const wassersteinStatTest: StatTest = {
  name: 'wasserstein',
  displayName: 'Wasserstein distance (normed)',
  featureTypes: ['numeric'],
  defaultThreshold: 0.1,
  driftWhen: 'statistic >= threshold',
  run({ reference, current }) {
    return { statistic: normalizedWasserstein(sortedNumbers(reference), sortedNumbers(current)) };
  },
};

/** numpy `std` (ddof = 0), two passes. */
function populationStandardDeviation(values: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k];
  const mean = sum / values.length;
  let squares = 0;
  for (let k = 0; k < values.length; k++) squares += (values[k] - mean) ** 2;
  return Math.sqrt(squares / values.length);
}
