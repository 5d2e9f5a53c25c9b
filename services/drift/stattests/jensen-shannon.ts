import { binShares } from '../binning';
import type { StatTest } from './stattest';

/**
 * Jensen–Shannon distance (natural log) between the binned shares, without PSI's zero filling (Evidently's
 * `jensenshannon_stat_test`; scipy `spatial.distance.jensenshannon`).
 */
export const jensenShannonStatTest: StatTest = {
  name: 'jensenshannon',
  displayName: 'Jensen-Shannon distance',
  featureTypes: ['categorical', 'numeric'],
  defaultThreshold: 0.1,
  driftWhen: 'statistic >= threshold',
  run({ type, reference, current }) {
    const shares = binShares(type, reference, current);
    return { statistic: jensenShannonDistance(shares.reference, shares.current) };
  },
};

/** scipy `jensenshannon(p, q)`: both normalised to sum 1, then √((KL(p‖m) + KL(q‖m)) / 2), m = (p + q)/2. */
function jensenShannonDistance(p: Float64Array, q: Float64Array): number {
  const sumP = p.reduce((a, b) => a + b, 0);
  const sumQ = q.reduce((a, b) => a + b, 0);
  let left = 0;
  let right = 0;
  for (let k = 0; k < p.length; k++) {
    const pk = p[k] / sumP;
    const qk = q[k] / sumQ;
    const m = (pk + qk) / 2;
    left += relativeEntropy(pk, m);
    right += relativeEntropy(qk, m);
  }
  return Math.sqrt((left + right) / 2);
}

/** scipy `special.rel_entr(x, y)` for y > 0 whenever x > 0, as it is against a mixture. */
function relativeEntropy(x: number, y: number): number {
  return x > 0 ? x * Math.log(x / y) : 0;
}
