import { chiSquareSurvival } from '../math/special-functions';
import { alignedValueCounts } from '../value-counts';
import type { StatTest } from './stattest';

/**
 * Pearson's chi-square goodness of fit of the current counts against the reference counts scaled to the
 * current size (Evidently's `chi_stat_test`: scipy `chisquare(f_obs=current, f_exp=reference·k)`).
 *
 * Evidently registers it for categorical features only, yet picks it by default for numeric columns with
 * 3–5 values; we accept both types so that naming the default explicitly is never refused. A value seen
 * only in the current data makes the statistic infinite and p = 0. With a single value there are no
 * degrees of freedom: scipy answers NaN, we answer p = 1 (same verdict, and a number in the report).
 */
export const chiSquareStatTest: StatTest = {
  name: 'chisquare',
  displayName: 'chi-square p_value',
  featureTypes: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  driftWhen: 'p < threshold',
  run({ reference, current }) {
    const counts = alignedValueCounts(reference, current);
    const scale = current.size / reference.size;
    let statistic = 0;
    for (let k = 0; k < counts.reference.length; k++) {
      const expected = counts.reference[k] * scale;
      statistic += (counts.current[k] - expected) ** 2 / expected;
    }
    const degreesOfFreedom = counts.reference.length - 1;
    return { statistic, pValue: degreesOfFreedom === 0 ? 1 : chiSquareSurvival(statistic, degreesOfFreedom) };
  },
};
