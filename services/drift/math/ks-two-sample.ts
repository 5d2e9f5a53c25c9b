import { DistinctValueCursor } from './distinct-value-cursor';
import { kolmogorovSurvival } from './kolmogorov-distribution';
import { probabilityOutsideBand, probabilityOutsideSquare } from './ks-exact';
import { clampProbability } from './probability';

export interface KsResult {
  readonly statistic: number;
  readonly pValue: number;
}

/** scipy's `MAX_AUTO_N`: method="auto" is exact up to this sample size. */
const MAX_EXACT_SIZE = 10_000;

/**
 * Two-sided two-sample Kolmogorov–Smirnov test with scipy's `ks_2samp(a, b, method="auto")` semantics:
 * the exact distribution when max(n1, n2) ≤ 10000 (and the statistic reported as h / lcm(n1, n2), as scipy
 * does), otherwise `kstwo.sf(D, round(n1·n2 / (n1 + n2)))`. Both inputs sorted ascending, NaN-free,
 * non-empty.
 */
export function ksTwoSample(sortedA: Float64Array, sortedB: Float64Array): KsResult {
  const n1 = sortedA.length;
  const n2 = sortedB.length;
  let d = largestCdfGap(sortedA, sortedB);
  if (Math.max(n1, n2) <= MAX_EXACT_SIZE) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return { statistic: d, pValue: 1 };
    const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
    // scipy falls back to the asymptotic distribution, keeping the rounded statistic, when the exact
    // recursion fails numerically.
    if (p >= 0 && p <= 1) return { statistic: d, pValue: p };
  }
  const effectiveSize = roundHalfToEven((n1 * n2) / (n1 + n2));
  return { statistic: d, pValue: clampProbability(kolmogorovSurvival(effectiveSize, d)) };
}

/**
 * max |F1(v) − F2(v)| over every observed v, with the empirical CDFs evaluated as scipy does
 * (`searchsorted(side="right") / n`) so that the statistic agrees to the last bit.
 */
function largestCdfGap(sortedA: Float64Array, sortedB: Float64Array): number {
  const cursor = new DistinctValueCursor(sortedA, sortedB);
  let above = 0;
  let below = 0;
  while (cursor.advance()) {
    const gap = cursor.countA / sortedA.length - cursor.countB / sortedB.length;
    if (gap > above) above = gap;
    if (-gap > below) below = -gap;
  }
  return Math.max(above, below);
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** numpy's `round`: halves go to the even neighbour (n1·n2/(n1+n2) is often exactly k + 1/2). */
function roundHalfToEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
