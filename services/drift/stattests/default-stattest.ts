import type { FeatureType } from '../sample';
import type { StatTestName } from './stattest';

/** Evidently switches from p-value tests to distances above this many reference rows. */
const SMALL_REFERENCE_MAX_ROWS = 1000;

interface DefaultRule {
  readonly referenceRows: 'up to 1000' | 'over 1000';
  readonly type: FeatureType;
  /** Distinct values over reference and current together, inclusive bounds. */
  readonly distinct: readonly [min: number, max: number];
  readonly stattest: StatTestName;
}

/** Evidently 0.7's `_get_default_stattest` (legacy/calculations/stattests/registry.py), as a table. */
const DEFAULT_RULES: readonly DefaultRule[] = [
  { referenceRows: 'up to 1000', type: 'numeric', distinct: [6, Infinity], stattest: 'ks' },
  { referenceRows: 'up to 1000', type: 'numeric', distinct: [3, 5], stattest: 'chisquare' },
  { referenceRows: 'up to 1000', type: 'numeric', distinct: [0, 2], stattest: 'z' },
  { referenceRows: 'up to 1000', type: 'categorical', distinct: [3, Infinity], stattest: 'chisquare' },
  { referenceRows: 'up to 1000', type: 'categorical', distinct: [0, 2], stattest: 'z' },
  { referenceRows: 'over 1000', type: 'numeric', distinct: [6, Infinity], stattest: 'wasserstein' },
  { referenceRows: 'over 1000', type: 'numeric', distinct: [0, 5], stattest: 'jensenshannon' },
  { referenceRows: 'over 1000', type: 'categorical', distinct: [0, Infinity], stattest: 'jensenshannon' },
];

export function defaultStatTest(type: FeatureType, referenceRows: number, distinctValues: number): StatTestName {
  const rows = referenceRows <= SMALL_REFERENCE_MAX_ROWS ? 'up to 1000' : 'over 1000';
  const rule = DEFAULT_RULES.find(
    (r) => r.referenceRows === rows && r.type === type && distinctValues >= r.distinct[0] && distinctValues <= r.distinct[1],
  );
  if (!rule) throw new Error(`internal error: no default test for ${type} with ${distinctValues} values`);
  return rule.stattest;
}
