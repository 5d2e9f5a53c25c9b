import { binShares, fillEmptyBins } from '../binning';
import type { StatTest } from './stattest';

/** Population Stability Index, Σ (r − c)·ln(r / c) over the bins (Evidently's `psi_stat_test`). */
export const psiStatTest: StatTest = {
  name: 'psi',
  displayName: 'PSI',
  featureTypes: ['categorical', 'numeric'],
  defaultThreshold: 0.1,
  driftWhen: 'statistic >= threshold',
  run({ type, reference, current }) {
    const shares = binShares(type, reference, current);
    const r = fillEmptyBins(shares.reference);
    const c = fillEmptyBins(shares.current);
    let statistic = 0;
    for (let k = 0; k < r.length; k++) statistic += (r[k] - c[k]) * Math.log(r[k] / c[k]);
    return { statistic };
  },
};
