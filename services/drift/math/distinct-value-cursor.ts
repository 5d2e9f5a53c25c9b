/**
 * Walks the distinct values of two sorted samples in ascending order, giving at each value how many
 * elements of each sample are ≤ it (numpy `searchsorted(side="right")`). KS, Wasserstein and per-value
 * counts are all one pass of this cursor; a class rather than a callback keeps the hot loop monomorphic.
 */
export class DistinctValueCursor {
  /** The current distinct value; valid after `advance()` returned true. */
  value = Number.NaN;
  /** Elements of the first sample that are ≤ `value`. */
  countA = 0;
  /** Elements of the second sample that are ≤ `value`. */
  countB = 0;

  constructor(
    private readonly a: Float64Array,
    private readonly b: Float64Array,
  ) {}

  advance(): boolean {
    const { a, b } = this;
    let i = this.countA;
    let j = this.countB;
    if (i >= a.length && j >= b.length) return false;
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    this.value = value;
    this.countA = i;
    this.countB = j;
    return true;
  }
}
