import { durbinMatrixCdf } from './durbin-matrix';
import { pelzGoodCdf } from './pelz-good';
import { pomeranzCdf } from './pomeranz';
import { clampProbability } from './probability';
import { smirnovSurvival } from './smirnov';
import { STIRLING_COEFFICIENTS, polyval } from './special-functions';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * Survival function Pr(D_n ≥ x) of the one-sample two-sided Kolmogorov–Smirnov statistic: scipy's
 * `stats.kstwo.sf(x, n)`, i.e. `_kolmogn(n, x, cdf=False)` in scipy/stats/_ksstats.py. The method per
 * region follows Simard and L'Ecuyer (2011): closed forms at the ends (Ruben–Gambino), twice the one-sided
 * distribution where the two tails cannot overlap, Durbin's matrix or Pomeranz's recursion for small
 * n·x², the Pelz–Good expansion beyond.
 */
export function kolmogorovSurvival(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    return clampProbability(1 - rubenGambinoLower(n, t));
  }
  if (t >= n - 1) return clampProbability(2 * (1 - x) ** n);
  if (x >= 0.5) return clampProbability(2 * smirnovSurvival(n, x));

  const nxSquared = t * x;
  if (n <= 140) {
    if (nxSquared <= 0.754693) return clampProbability(1 - durbinMatrixCdf(n, x));
    if (nxSquared <= 4) return clampProbability(1 - pomeranzCdf(n, x));
    return clampProbability(2 * smirnovSurvival(n, x));
  }
  if (nxSquared >= 370) return 0;
  if (nxSquared >= 2.2) return clampProbability(2 * smirnovSurvival(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? durbinMatrixCdf(n, x) : pelzGoodCdf(n, x);
  return clampProbability(1 - cdf);
}

/** Pr(D_n ≤ t/n) = n!/n^n (2t − 1)^n for 1/2 < t ≤ 1. */
function rubenGambinoLower(n: number, t: number): number {
  if (n <= 140) {
    let product = 1;
    for (let i = 1; i <= n; i++) product *= i * (1 / n) * (2 * t - 1);
    return product;
  }
  return Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
}

/** log(n!/n^n) by Stirling's series with n·log n taken out up front (scipy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  return Math.log(n) / 2 - n + LOG_TWO_PI / 2 + rn * polyval(STIRLING_COEFFICIENTS, rn / n);
}
