import { checkSameLength } from './class-labels';
import { type MetricResult, definedMetric, undefinedMetric } from './metric-result';
import { MetricsInputError } from './metrics-input-error';

function checkValues(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'predicted', length: predicted.length });
  for (const [name, values] of [['truth', truth], ['predicted', predicted]] as const) {
    for (let row = 0; row < values.length; row++) {
      if (typeof values[row] !== 'number' || !Number.isFinite(values[row])) {
        throw new MetricsInputError(`${name}[${row}] is ${String(values[row])}: regression metrics need finite numbers`);
      }
    }
  }
}

/** Root mean squared error: sklearn's `root_mean_squared_error`. */
export function rmse(truth: ArrayLike<number>, predicted: ArrayLike<number>): MetricResult {
  checkValues(truth, predicted);
  if (truth.length === 0) return undefinedMetric('RMSE of no rows is undefined');
  return definedMetric(Math.sqrt(sumOfSquaredErrors(truth, predicted) / truth.length));
}

/** Mean absolute error: sklearn's `mean_absolute_error`. */
export function mae(truth: ArrayLike<number>, predicted: ArrayLike<number>): MetricResult {
  checkValues(truth, predicted);
  if (truth.length === 0) return undefinedMetric('MAE of no rows is undefined');
  let sum = 0;
  for (let row = 0; row < truth.length; row++) sum += Math.abs(truth[row] - predicted[row]);
  return definedMetric(sum / truth.length);
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot: sklearn's `r2_score` with its default `force_finite=True`.
 * A constant truth leaves SS_tot = 0: the score is then 1 for perfect predictions and 0 otherwise, with a
 * warning, instead of sklearn's NaN or −∞ without `force_finite`. Fewer than two rows: undefined, as sklearn
 * warns and returns NaN.
 */
export function r2(truth: ArrayLike<number>, predicted: ArrayLike<number>): MetricResult {
  checkValues(truth, predicted);
  const rows = truth.length;
  if (rows < 2) return undefinedMetric(`R² is not well-defined with fewer than two rows (got ${rows}); sklearn returns NaN`);
  let sum = 0;
  let constant = true;
  for (let row = 0; row < rows; row++) {
    sum += truth[row];
    constant &&= truth[row] === truth[0];
  }
  const residual = sumOfSquaredErrors(truth, predicted);
  // An exactly constant truth has SS_tot = 0 even where its float mean is an ulp off the value (sklearn's is not).
  if (constant) {
    return definedMetric(residual === 0 ? 1 : 0, [
      `truth is constant (${truth[0]}): R² is 1 for perfect predictions and 0 otherwise (sklearn's force_finite)`,
    ]);
  }
  const mean = sum / rows;
  let total = 0;
  for (let row = 0; row < rows; row++) total += (truth[row] - mean) ** 2;
  return definedMetric(residual === 0 ? 1 : 1 - residual / total);
}

function sumOfSquaredErrors(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let sum = 0;
  for (let row = 0; row < truth.length; row++) sum += (truth[row] - predicted[row]) ** 2;
  return sum;
}
