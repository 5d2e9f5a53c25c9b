import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricResult } from '../../../services/gates/metrics/metric-result';

/** Written by fixtures/generate_metric_fixtures.py from scikit-learn 1.9.1. */
export function readMetricFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as T;
}

/**
 * sklearn agreement: within 1e-9 absolutely for values up to 1 in magnitude, relatively beyond (RMSE of large
 * targets, log loss of confident misses), i.e. |actual − expected| ≤ 1e-9 · max(1, |expected|).
 */
export const TOLERANCE = 1e-9;

export function withinTolerance(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= TOLERANCE * Math.max(1, Math.abs(expected));
}

/** A fixture's expected value: a number, or null where sklearn warns and returns NaN. */
export function expectMatchesSklearn(result: MetricResult, expected: number | null): void {
  if (expected === null) {
    expect(result).toEqual({ defined: false, reason: expect.any(String) });
    return;
  }
  if (!result.defined) throw new Error(`expected ${expected} (sklearn) but the metric is undefined: ${result.reason}`);
  if (!withinTolerance(result.value, expected)) {
    throw new Error(`got ${result.value}, sklearn says ${expected} (difference ${result.value - expected})`);
  }
}

export function warningsOf(result: MetricResult): readonly string[] {
  return result.defined ? (result.warnings ?? []) : [];
}
