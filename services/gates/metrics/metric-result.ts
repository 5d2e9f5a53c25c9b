/**
 * The outcome of one metric. A metric that has no value for its input (ROC AUC with one class in the truth, R²
 * of a single row, any metric of no rows) says so with a reason instead of returning NaN, so that a promotion
 * gate can neither pass nor fail on a number that does not exist.
 */
export type MetricResult = DefinedMetric | UndefinedMetric;

export interface DefinedMetric {
  readonly defined: true;
  readonly value: number;
  /**
   * What scikit-learn would have warned about while still returning this value, e.g. a class that was never
   * predicted, whose precision counts as 0 (sklearn's `zero_division` default).
   * @default - absent when there is nothing to warn about
   */
  readonly warnings?: readonly string[];
}

export interface UndefinedMetric {
  readonly defined: false;
  /** Why the metric has no value, in words a gate report can show as is. */
  readonly reason: string;
}

export function definedMetric(value: number, warnings: readonly string[] = []): DefinedMetric {
  return warnings.length === 0 ? { defined: true, value } : { defined: true, value, warnings };
}

export function undefinedMetric(reason: string): UndefinedMetric {
  return { defined: false, reason };
}

/** Whether a larger value of the metric means a better model: decides which slice is the worst. */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

export const METRIC_DIRECTIONS = {
  accuracy: 'higher-is-better',
  precision: 'higher-is-better',
  recall: 'higher-is-better',
  f1: 'higher-is-better',
  rocAuc: 'higher-is-better',
  logLoss: 'lower-is-better',
  rmse: 'lower-is-better',
  mae: 'lower-is-better',
  r2: 'higher-is-better',
} as const satisfies Record<string, MetricDirection>;

export type MetricName = keyof typeof METRIC_DIRECTIONS;
