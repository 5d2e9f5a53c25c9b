import { SCALE_DOWN, SCALE_EXPONENT, SCALE_UP, ldexp } from './binary-scaling';
import { clampProbability } from './probability';

/**
 * Pr(D_n ≤ x) for the one-sample two-sided Kolmogorov–Smirnov statistic by Pomeranz's recursion (1974):
 * 2n + 1 convolutions of a banded row with (almost) Poisson weights. Port of scipy's `_kolmogn_Pomeranz`
 * (scipy/stats/_ksstats.py); used for small n where Durbin's matrix would be large.
 */
export function pomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const powerCount = 2 * (ll + 1);
  // (g/n)^m/m!, (2g/n)^m/m!, ((1−2g)/n)^m/m!: Poisson probabilities without their normalising factor.
  const gPower = scaledPowers(g / n, powerCount);
  const twoGPower = scaledPowers((2 * g) / n, powerCount);
  const oneMinusTwoGPower = scaledPowers((1 - 2 * g) / n, powerCount);

  let previous = new Float64Array(powerCount);
  let row = new Float64Array(powerCount);
  row[0] = 1;
  let previousStart = 0;
  let rowStart = 0;
  let exponent = 0;
  let [j1, j2] = rowBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [previous, row] = [row, previous];
    [previousStart, rowStart] = [rowStart, previousStart];
    row.fill(0);
    [j1, j2] = rowBounds(i, n, ll, ceilf, roundf);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const length = j2 - k1 + 1;
    if (length <= 0) continue;
    const sourceStart = k1 - previousStart;
    const sourceLength = Math.min(length, powerCount - sourceStart);
    const weightLength = Math.min(length, powerCount);
    const outputStart = j1 - k1;
    const outputLength = j2 - j1 + 1;
    let largest = 0;
    for (let out = 0; out < outputLength; out++) {
      // Entry (outputStart + out) of the full convolution of the source window with the weights.
      const position = outputStart + out;
      let sum = 0;
      for (let s = Math.max(0, position - weightLength + 1); s <= Math.min(position, sourceLength - 1); s++) {
        sum += previous[sourceStart + s] * weights[position - s];
      }
      row[out] = sum;
      if (sum > largest) largest = sum;
    }
    if (largest > 0 && largest < SCALE_DOWN) {
      for (let out = 0; out < outputLength; out++) row[out] *= SCALE_UP;
      exponent -= SCALE_EXPONENT;
    }
    rowStart = previousStart + j1 - k1;
  }

  let answer = row[n - rowStart];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_EXPONENT;
    }
    answer *= m;
  }
  return clampProbability(ldexp(answer, exponent));
}

function scaledPowers(base: number, count: number): Float64Array {
  const powers = new Float64Array(count);
  powers[0] = 1;
  for (let m = 1; m < count; m++) powers[m] = (powers[m - 1] * base) / m;
  return powers;
}

/** The band of non-zero entries of row i (scipy `_pomeranz_compute_j1j2`). */
function rowBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}
