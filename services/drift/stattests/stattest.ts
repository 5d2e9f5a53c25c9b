import type { FeatureType, Sample } from '../sample';

export type StatTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/** When a test's result counts as drift (Evidently's comparison for each test). */
export type DriftRule = 'p <= threshold' | 'p < threshold' | 'statistic >= threshold';

/** One column's two samples, NaN-free and non-empty, of the kind the feature type calls for. */
export interface StatTestInput {
  readonly type: FeatureType;
  readonly reference: Sample;
  readonly current: Sample;
}

export interface StatTestOutcome {
  readonly statistic: number;
  /** Present when the test is a hypothesis test; its threshold is then a significance level. */
  readonly pValue?: number;
}

/** A registered statistical test, in the shape of Evidently's `StatTest` objects. */
export interface StatTest {
  readonly name: StatTestName;
  readonly displayName: string;
  readonly featureTypes: readonly FeatureType[];
  readonly defaultThreshold: number;
  readonly driftWhen: DriftRule;
  run(input: StatTestInput): StatTestOutcome;
}

export function isDrift(rule: DriftRule, outcome: StatTestOutcome, threshold: number): boolean {
  const p = outcome.pValue ?? Number.NaN;
  switch (rule) {
    case 'p <= threshold':
      return p <= threshold;
    case 'p < threshold':
      return p < threshold;
    case 'statistic >= threshold':
      return outcome.statistic >= threshold;
  }
}
