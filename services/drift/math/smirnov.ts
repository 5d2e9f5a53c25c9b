import { clampProbability } from './probability';

/**
 * Survival function of the one-sided one-sample Kolmogorov–Smirnov statistic, Pr(D⁺_n ≥ x)
 * (scipy `special.smirnov`, xsf `cephes/kolmogorov.h`), by the Birnbaum–Tingey sum
 *   x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v),
 * whose terms are all positive. cephes sums in double-double; we sum each term's logarithm instead,
 * which keeps the relative error near n·ε (1e-11 at n = 10^5) without extended precision.
 *
 * Only the region the two-sided distribution asks for is implemented: n ≥ 2 and 1/n < x < 1 − 1/n
 * (scipy's `_kolmogn` answers the other cases in closed form before calling smirnov). There cephes
 * always takes the lower sum, as its upper sum needs x ≤ 1/(2√n) and at most three terms.
 */
/** log(2^-1075): below this exp() is 0 even as a subnormal (xsf `MINLOG`). */
const MIN_LOG = -745.1332191019412;
/** Above this n cephes switches to an approximation, and so do we. */
const MAX_COMPUTE_N = 1_000_000;

export function smirnovSurvival(n: number, x: number): number {
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (n > MAX_COMPUTE_N) return largeSampleApproximation(n, x);

  const { floor: nxFloor, fraction: alpha } = productFloorAndFraction(n, x);
  const termCount = n - nxFloor;
  const halfN = Math.floor(n / 2);
  // log C(n, v), kept as a compensated (Kahan–Neumaier) sum: it grows to ~10^5, where plain addition
  // would lose 1e-11 per step and 1e-9 over the terms that matter.
  let logBinomial = 0;
  let logBinomialCompensation = 0;
  let sum = 0;
  for (let v = 0; v < termCount; v++) {
    // x + v/n from n·x = ⌊n·x⌋ + alpha, exact up to one rounding; log1p keeps log(1 − x − v/n) exact to
    // ε absolute, which matters because it is multiplied by n − v.
    const shifted = (nxFloor + v + alpha) / n;
    const logTerm =
      logBinomial + ((v - 1) * Math.log(shifted) + (n - v) * Math.log1p(-shifted) + logBinomialCompensation);
    const term = Math.exp(logTerm);
    sum += term;
    // cephes' stopping rule: the remaining terms cannot matter, or they have underflowed past the middle.
    if (term !== 0) {
      if (4 * (termCount - v) * term < Number.EPSILON * sum && v !== termCount - 1) break;
    } else if (v > halfN) {
      break;
    }
    const increment = Math.log((n - v) / (v + 1));
    const next = logBinomial + increment;
    logBinomialCompensation +=
      Math.abs(logBinomial) >= Math.abs(increment) ? logBinomial - next + increment : increment - next + logBinomial;
    logBinomial = next;
  }
  return clampProbability(x * sum);
}

/** cephes' approximation for very large n: Pr ≈ exp(−(6nx + 1)² / 18n). */
function largeSampleApproximation(n: number, x: number): number {
  const logp = -((6 * n * x + 1) ** 2) / 18 / n;
  return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
}

/**
 * ⌊n·x⌋ and n·x − ⌊n·x⌋ without the rounding of n·x (cephes `modNX`): n·x = hi + lo exactly by Dekker's
 * product, splitting x into two 26-bit halves (n < 2^26 here, so n times either half is exact).
 */
function productFloorAndFraction(n: number, x: number): { floor: number; fraction: number } {
  const split = 134217729 * x;
  const xHigh = split - (split - x);
  const xLow = x - xHigh;
  const hi = n * x;
  const lo = n * xHigh - hi + n * xLow;
  let floor = Math.floor(hi);
  let fraction = hi - floor + lo;
  if (fraction < 0) {
    floor -= 1;
    fraction += 1;
  } else if (fraction >= 1) {
    floor += 1;
    fraction -= 1;
  }
  return { floor, fraction };
}
