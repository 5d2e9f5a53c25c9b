/** Shared formatting for `npm run bench`: one line per figure, medians, and a ratio to a baseline. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Prints `what: value unit` and, with a baseline measured in the same run, how many times better
 * the value is (baseline / value: above 1 means Plinth is faster or smaller).
 */
export function printFigure(what: string, value: number, unit: string, baseline?: { readonly baseline: string; readonly value: number }): void {
  const ratio = baseline ? `  (${baseline.baseline}: ${format(baseline.value)} ${unit}, ${(baseline.value / value).toFixed(1)}x)` : '';
  process.stdout.write(`${what}: ${format(value)} ${unit}${ratio}\n`);
}

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Milliseconds of `work`, the median of `runs` timed calls after one untimed call that warms it up. */
export async function timeMedian(work: () => Promise<unknown> | unknown, runs: number): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}
