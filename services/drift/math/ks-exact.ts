/**
 * Exact null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic: Pr(D ≥ h / lcm(n1, n2)).
 * Ports of scipy's `_compute_prob_outside_square` (n1 = n2) and `_compute_outer_prob_inside_method`
 * (scipy/stats/_stats_pythran.py), operation for operation, so that the results agree to the last bit.
 */

/**
 * n1 = n2 = n: Pr(D ≥ h/n) = 2 Σ_k (−1)^(k+1) C(2n, n − k h) / C(2n, n), evaluated as the Horner-like
 * product scipy uses to avoid the cancellation of the alternating sum.
 */
export function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let term = 1;
    for (let j = 0; j < h; j++) term = ((n - k * h - j) * term) / (n + k * h + j + 1);
    p = term * (1 - p);
  }
  return 2 * p;
}

/**
 * n1 ≠ n2: the proportion of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm,
 * by Hodges' inside method with Viehmann's recursion for 1 − p (arXiv:2102.08037), one sliding column at a
 * time. Returns a value outside [0, 1] only on numerical failure, which ks_2samp answers with the
 * asymptotic distribution.
 */
export function probabilityOutsideBand(n1: number, n2: number, gcd: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / gcd;
  const ng = n / gcd;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const column = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  column.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let value = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      value = (column[jj + minj - lastminj] * i + value * j) / (i + j);
      column[jj] = value;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) column.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return column[maxj - minj - 1];
}
