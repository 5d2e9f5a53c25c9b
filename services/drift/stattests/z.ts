import { twoSidedNormalPValue } from '../math/special-functions';
import { alignedValueCounts } from '../value-counts';
import type { StatTest } from './stattest';

/**
 * Two-proportion z-test on the share of values other than the smallest one (Evidently's `z_stat_test`,
 * meant for binary features). Evidently computes the p-value as 2·(1 − Φ(|z|)), which rounds to 0 beyond
 * |z| ≈ 8.3; we compute the same quantity as erfc(|z|/√2), exact in the tail (scipy `2·norm.sf(|z|)`).
 * Both samples constant at the same value: p = 1, as in Evidently.
 */
export const zStatTest: StatTest = {
  name: 'z',
  displayName: 'Z-test p_value',
  featureTypes: ['categorical', 'numeric'],
  defaultThreshold: 0.05,
  driftWhen: 'p < threshold',
  run({ reference, current }) {
    const counts = alignedValueCounts(reference, current);
    if (counts.reference.length === 1) return { statistic: 0, pValue: 1 };
    const n1 = reference.size;
    const n2 = current.size;
    const p1 = (n1 - counts.reference[0]) / n1;
    const p2 = (n2 - counts.current[0]) / n2;
    const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
    return { statistic: z, pValue: twoSidedNormalPValue(z) };
  },
};
