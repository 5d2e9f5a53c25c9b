import {
  type ClassLabel,
  checkSameLength,
  compareClassLabels,
  describeValue,
  encodeAgainstClasses,
  encodeLabelUnion,
  formatClasses,
} from './class-labels';
import { type ClassProbabilities, type ProbabilityMatrix, toProbabilityMatrix } from './class-probabilities';
import { type MetricResult, definedMetric, undefinedMetric } from './metric-result';
import { MetricsInputError } from './metrics-input-error';

export interface RocAucOptions {
  /**
   * How more than two classes' one-vs-rest AUCs become one number: `macro` is their plain mean, `weighted`
   * weighs each class by its number of true rows (sklearn's `average` with `multi_class="ovr"`).
   * @default "macro"
   */
  readonly average?: 'macro' | 'weighted';
  /**
   * With two classes, the class whose probability is the score.
   * @default - the greater class in sklearn's order (integers ascending, strings by code point), as sklearn's
   * `roc_auc_score` takes the greater label of `y_true` as positive
   */
  readonly positiveLabel?: ClassLabel;
}

/**
 * ROC AUC from a classifier's per-class probabilities, as sklearn's `roc_auc_score(truth, proba,
 * multi_class="ovr", labels=classes)`: with two classes the binary AUC of the positive class's column; with
 * more, each class against the rest, averaged. Undefined (sklearn warns and returns NaN) where a class needed
 * has no rows, or is every row, in truth.
 */
export function rocAuc(truth: readonly ClassLabel[], probabilities: ClassProbabilities, options: RocAucOptions = {}): MetricResult {
  const matrix = toProbabilityMatrix(probabilities);
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'probabilities', length: matrix.rows });
  if (matrix.rows === 0) return undefinedMetric('ROC AUC of no rows is undefined');
  const codes = encodeAgainstClasses({ name: 'truth', values: truth }, matrix.classes);
  if (matrix.width === 2) return binaryFromMatrix(codes, matrix, options.positiveLabel);
  checkRowsSumToOne(matrix);
  return oneVsRest(codes, matrix, options.average ?? 'macro');
}

/**
 * Binary ROC AUC of any real-valued scores (probabilities, margins, logits) for the positive class: the
 * trapezoid under sklearn's ROC curve, so tied scores count as half right. Truth may hold at most two classes.
 */
export function binaryRocAuc(
  truth: readonly ClassLabel[],
  scores: ArrayLike<number>,
  options: Pick<RocAucOptions, 'positiveLabel'> = {},
): MetricResult {
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'scores', length: scores.length });
  for (let row = 0; row < scores.length; row++) {
    if (!Number.isFinite(scores[row])) throw new MetricsInputError(`scores[${row}] is ${scores[row]}: scores must be finite numbers`);
  }
  if (truth.length === 0) return undefinedMetric('ROC AUC of no rows is undefined');
  const {
    classes,
    codes: [codes],
  } = encodeLabelUnion([{ name: 'truth', values: truth }]);
  if (classes.length > 2) {
    throw new MetricsInputError(
      `binary ROC AUC needs at most two classes in truth, found ${classes.length}: ${formatClasses(classes)}; ` +
        'pass per-class probabilities to rocAuc for one-vs-rest',
    );
  }
  if (classes.length === 1) return onlyOneClass(classes[0]);
  const positiveLabel = options.positiveLabel ?? classes[1];
  const positive = classes.indexOf(positiveLabel);
  if (positive < 0) {
    throw new MetricsInputError(`positiveLabel ${describeValue(positiveLabel)} is not one of the classes in truth ${formatClasses(classes)}`);
  }
  const buffer = new Float64Array(codes.length);
  const positives = splitByClass(codes, positive, (row) => scores[row], buffer);
  return definedMetric(trapezoidAuc(buffer, positives));
}

function onlyOneClass(label: ClassLabel): MetricResult {
  return undefinedMetric(
    `only one class (${describeValue(label)}) is present in truth: ROC AUC is undefined (sklearn warns and returns NaN)`,
  );
}

function binaryFromMatrix(codes: Int32Array, matrix: ProbabilityMatrix, positiveLabel: ClassLabel | undefined): MetricResult {
  const label = positiveLabel ?? [...matrix.classes].sort(compareClassLabels)[1];
  const positive = matrix.classes.indexOf(label);
  if (positive < 0) {
    throw new MetricsInputError(`positiveLabel ${describeValue(label)} is not one of the model's classes ${formatClasses(matrix.classes)}`);
  }
  const buffer = new Float64Array(codes.length);
  const positives = splitByClass(codes, positive, (row) => matrix.data[row * 2 + positive], buffer);
  if (positives === 0 || positives === codes.length) return onlyOneClass(matrix.classes[codes[0]]);
  return definedMetric(trapezoidAuc(buffer, positives));
}

/** sklearn refuses multi-class scores that are not probabilities: `np.allclose(1, row sums)`. */
function checkRowsSumToOne({ data, width, rows }: ProbabilityMatrix): void {
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let column = 0; column < width; column++) sum += data[row * width + column];
    if (!(Math.abs(1 - sum) <= 1e-8 + 1e-5 * Math.abs(sum))) {
      throw new MetricsInputError(
        `probabilities row ${row} sums to ${sum}: one-vs-rest ROC AUC needs each row's class probabilities to sum to 1 ` +
          '(within 1e-5, as sklearn checks)',
      );
    }
  }
}

function oneVsRest(codes: Int32Array, matrix: ProbabilityMatrix, average: 'macro' | 'weighted'): MetricResult {
  const { classes, width, data } = matrix;
  const rows = codes.length;
  const support = new Float64Array(width);
  for (let row = 0; row < rows; row++) support[codes[row]]++;
  const missing = classes.filter((_, c) => support[c] === 0);
  const everyRow = classes.find((_, c) => support[c] === rows);
  if (everyRow !== undefined) return onlyOneClass(everyRow);
  if (average === 'macro' && missing.length > 0) {
    return undefinedMetric(
      `class(es) ${formatClasses(missing)} have no rows in truth: their one-vs-rest ROC AUC is undefined, and so is the ` +
        'macro average (sklearn returns NaN); average "weighted" gives them no weight',
    );
  }
  const buffer = new Float64Array(rows);
  let sum = 0;
  for (let c = 0; c < width; c++) {
    // A class with no true rows has weight 0 in the weighted average, and sklearn sets its score to 0.
    if (support[c] === 0) continue;
    const positives = splitByClass(codes, c, (row) => data[row * width + c], buffer);
    sum += (average === 'weighted' ? support[c] : 1) * trapezoidAuc(buffer, positives);
  }
  return definedMetric(sum / (average === 'weighted' ? rows : width));
}

/** Puts the positive class's scores at the front of `buffer` and the rest after them; returns how many are positive. */
function splitByClass(codes: Int32Array, positive: number, scoreOf: (row: number) => number, buffer: Float64Array): number {
  let front = 0;
  let back = codes.length;
  for (let row = 0; row < codes.length; row++) {
    if (codes[row] === positive) buffer[front++] = scoreOf(row);
    else buffer[--back] = scoreOf(row);
  }
  return front;
}

/**
 * Area under the ROC curve by the trapezoid rule, as sklearn's `roc_curve` then `auc`: one curve point per
 * distinct score, from the highest down, so that a run of tied scores is one diagonal step. Each class's scores
 * are sorted once, natively, and merged.
 */
function trapezoidAuc(buffer: Float64Array, positiveCount: number): number {
  const positives = buffer.subarray(0, positiveCount).sort();
  const negatives = buffer.subarray(positiveCount).sort();
  let i = positives.length - 1;
  let j = negatives.length - 1;
  let truePositives = 0;
  let falsePositives = 0;
  let previousTpr = 0;
  let previousFpr = 0;
  let area = 0;
  while (i >= 0 || j >= 0) {
    const threshold = Math.max(i >= 0 ? positives[i] : -Infinity, j >= 0 ? negatives[j] : -Infinity);
    while (i >= 0 && positives[i] === threshold) {
      truePositives++;
      i--;
    }
    while (j >= 0 && negatives[j] === threshold) {
      falsePositives++;
      j--;
    }
    const tpr = truePositives / positives.length;
    const fpr = falsePositives / negatives.length;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousTpr = tpr;
    previousFpr = fpr;
  }
  return area;
}
