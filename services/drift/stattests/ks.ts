import { ksTwoSample } from '../math/ks-two-sample';
import { sortedNumbers } from '../sample';
import type { StatTest } from './stattest';

/** Two-sample Kolmogorov–Smirnov (scipy `ks_2samp`, method "auto"); Evidently's `ks_stat_test`. */
export const ksStatTest: StatTest = {
  name: 'ks',
  displayName: 'K-S p_value',
  featureTypes: ['numeric'],
  defaultThreshold: 0.05,
  driftWhen: 'p <= threshold',
  run({ reference, current }) {
    return ksTwoSample(sortedNumbers(reference), sortedNumbers(current));
  },
};
