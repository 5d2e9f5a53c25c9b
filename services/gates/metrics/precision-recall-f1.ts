import { type ClassLabel, checkSameLength, describeValue, encodeLabelUnion, formatClasses } from './class-labels';
import { type MetricResult, definedMetric, undefinedMetric } from './metric-result';
import { MetricsInputError } from './metrics-input-error';

/**
 * How per-class scores become one number, as sklearn's `average`:
 * - `binary`: the positive class only; the data may hold at most two classes.
 * - `macro`: the unweighted mean over every class found in truth or predictions.
 * - `micro`: from counts pooled over classes (for single-label data all three equal accuracy).
 * - `weighted`: the mean weighted by each class's number of true rows.
 */
export type Averaging =
  | {
      readonly average: 'binary';
      /**
       * The class that counts as positive.
       * @default 1 (sklearn's `pos_label` default)
       */
      readonly positiveLabel?: ClassLabel;
    }
  | { readonly average: 'macro' | 'micro' | 'weighted' };

export interface PrecisionRecallF1 {
  readonly precision: MetricResult;
  readonly recall: MetricResult;
  readonly f1: MetricResult;
}

/**
 * Precision tp/(tp+fp), recall tp/(tp+fn) and F1 2tp/(2tp+fp+fn) per class, averaged: sklearn's
 * `precision_recall_fscore_support` with its default `zero_division="warn"`. A class that is never predicted
 * has precision 0, a class with no true rows has recall 0, and a class in neither has F1 0; each such case is
 * a warning on the result, as sklearn warns, not an undefined metric.
 */
export function precisionRecallF1(
  truth: readonly ClassLabel[],
  predicted: readonly ClassLabel[],
  averaging: Averaging,
): PrecisionRecallF1 {
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'predicted', length: predicted.length });
  if (truth.length === 0) {
    const none = undefinedMetric('precision, recall and F1 of no rows are undefined');
    return { precision: none, recall: none, f1: none };
  }
  const {
    classes,
    codes: [truthCodes, predictedCodes],
  } = encodeLabelUnion([
    { name: 'truth', values: truth },
    { name: 'predicted', values: predicted },
  ]);
  const counts = countPerClass(truthCodes, predictedCodes, classes.length);
  if (averaging.average === 'binary') return binary(classes, counts, averaging.positiveLabel ?? 1);
  if (averaging.average === 'micro') return micro(counts, truthCodes.length);
  return averaged(classes, counts, averaging.average);
}

export function precision(truth: readonly ClassLabel[], predicted: readonly ClassLabel[], averaging: Averaging): MetricResult {
  return precisionRecallF1(truth, predicted, averaging).precision;
}

export function recall(truth: readonly ClassLabel[], predicted: readonly ClassLabel[], averaging: Averaging): MetricResult {
  return precisionRecallF1(truth, predicted, averaging).recall;
}

export function f1(truth: readonly ClassLabel[], predicted: readonly ClassLabel[], averaging: Averaging): MetricResult {
  return precisionRecallF1(truth, predicted, averaging).f1;
}

interface ClassCounts {
  readonly truePositives: Float64Array;
  /** Rows predicted as the class (tp + fp). */
  readonly predicted: Float64Array;
  /** Rows truly of the class (tp + fn): the class's support. */
  readonly actual: Float64Array;
}

function countPerClass(truthCodes: Int32Array, predictedCodes: Int32Array, classCount: number): ClassCounts {
  const truePositives = new Float64Array(classCount);
  const predicted = new Float64Array(classCount);
  const actual = new Float64Array(classCount);
  for (let row = 0; row < truthCodes.length; row++) {
    const t = truthCodes[row];
    const p = predictedCodes[row];
    actual[t]++;
    predicted[p]++;
    if (t === p) truePositives[t]++;
  }
  return { truePositives, predicted, actual };
}

/** One class's three scores; a zero denominator gives 0 and a warning (sklearn's `zero_division="warn"`). */
function scoresOf(label: string, tp: number, predicted: number, actual: number, warnings: Warnings): [number, number, number] {
  if (predicted === 0) warnings.precision.push(`${label} is never predicted: its precision counts as 0 (sklearn's zero_division default)`);
  if (actual === 0) warnings.recall.push(`${label} has no true rows: its recall counts as 0 (sklearn's zero_division default)`);
  if (predicted + actual === 0) warnings.f1.push(`${label} is neither true nor predicted in any row: its F1 counts as 0`);
  return [
    predicted === 0 ? 0 : tp / predicted,
    actual === 0 ? 0 : tp / actual,
    predicted + actual === 0 ? 0 : (2 * tp) / (actual + predicted),
  ];
}

interface Warnings {
  readonly precision: string[];
  readonly recall: string[];
  readonly f1: string[];
}

function newWarnings(): Warnings {
  return { precision: [], recall: [], f1: [] };
}

function results([p, r, f]: [number, number, number], warnings: Warnings): PrecisionRecallF1 {
  return {
    precision: definedMetric(p, warnings.precision),
    recall: definedMetric(r, warnings.recall),
    f1: definedMetric(f, warnings.f1),
  };
}

function binary(classes: readonly ClassLabel[], counts: ClassCounts, positiveLabel: ClassLabel): PrecisionRecallF1 {
  if (classes.length > 2) {
    throw new MetricsInputError(
      `average "binary" needs at most two classes, but truth and predicted hold ${classes.length}: ` +
        `${formatClasses(classes)}; use "macro", "micro" or "weighted"`,
    );
  }
  const positive = classes.indexOf(positiveLabel);
  if (positive < 0 && classes.length === 2) {
    throw new MetricsInputError(
      `positiveLabel ${describeValue(positiveLabel)} is not one of the classes ${formatClasses(classes)}`,
    );
  }
  const warnings = newWarnings();
  const label = `positive class ${describeValue(positiveLabel)}`;
  // Only one class present and it is not the positive one: sklearn scores the absent positive class (all zero).
  const scores =
    positive < 0
      ? scoresOf(label, 0, 0, 0, warnings)
      : scoresOf(label, counts.truePositives[positive], counts.predicted[positive], counts.actual[positive], warnings);
  return results(scores, warnings);
}

function micro(counts: ClassCounts, rows: number): PrecisionRecallF1 {
  // Pooled over classes, every row is one prediction and one truth: tp over rows in all three, never 0/0.
  let tp = 0;
  for (let c = 0; c < counts.truePositives.length; c++) tp += counts.truePositives[c];
  return results([tp / rows, tp / rows, (2 * tp) / (2 * rows)], newWarnings());
}

function averaged(classes: readonly ClassLabel[], counts: ClassCounts, average: 'macro' | 'weighted'): PrecisionRecallF1 {
  const warnings = newWarnings();
  const sums: [number, number, number] = [0, 0, 0];
  let totalWeight = 0;
  classes.forEach((label, c) => {
    const scores = scoresOf(`class ${describeValue(label)}`, counts.truePositives[c], counts.predicted[c], counts.actual[c], warnings);
    const weight = average === 'weighted' ? counts.actual[c] : 1;
    for (let i = 0; i < 3; i++) sums[i] += weight * scores[i];
    totalWeight += weight;
  });
  return results([sums[0] / totalWeight, sums[1] / totalWeight, sums[2] / totalWeight], warnings);
}
