import { type ClassLabel, checkSameLength, encodeAgainstClasses } from './class-labels';
import { type ClassProbabilities, toProbabilityMatrix } from './class-probabilities';
import { type MetricResult, definedMetric, undefinedMetric } from './metric-result';
import { MetricsInputError } from './metrics-input-error';

/** float64 machine epsilon, `np.finfo(np.float64).eps`: sklearn 1.9 clips probabilities to [eps, 1 − eps]. */
const EPS = 2 ** -52;

/**
 * Mean negative log-probability of the true class: sklearn 1.9's `log_loss(truth, proba, labels=classes)`.
 * As sklearn 1.9.1 does, probabilities are clipped to [eps, 1 − eps] with eps = 2⁻⁵² so a confident miss costs
 * −ln(eps) ≈ 36.04 rather than infinity; rows are not renormalised (sklearn 1.9.1 does not either), and a
 * row that does not sum to 1 only earns a warning. A value outside [0, 1] is refused, as sklearn refuses it.
 * Defined even when truth holds a single class, since the model's class list is known.
 */
export function logLoss(truth: readonly ClassLabel[], probabilities: ClassProbabilities): MetricResult {
  const { classes, width, rows, data } = toProbabilityMatrix(probabilities);
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'probabilities', length: rows });
  if (rows === 0) return undefinedMetric('log loss of no rows is undefined');
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 || data[i] > 1) {
      throw new MetricsInputError(
        `probabilities row ${Math.floor(i / width)}, column ${i % width} (class ${String(classes[i % width])}) is ${data[i]}: ` +
          'log loss needs probabilities between 0 and 1',
      );
    }
  }
  const codes = encodeAgainstClasses({ name: 'truth', values: truth }, classes);
  let total = 0;
  let firstOffRow = -1;
  let firstOffSum = 0;
  for (let row = 0; row < rows; row++) {
    const start = row * width;
    const p = data[start + codes[row]];
    total -= Math.log(p < EPS ? EPS : p > 1 - EPS ? 1 - EPS : p);
    if (firstOffRow < 0) {
      let sum = 0;
      for (let column = 0; column < width; column++) sum += data[start + column];
      // sklearn's check: isclose(sum, 1, rtol=sqrt(eps)) with the default atol of 1e-8.
      if (!(Math.abs(sum - 1) <= 1e-8 + Math.sqrt(EPS))) {
        firstOffRow = row;
        firstOffSum = sum;
      }
    }
  }
  const warnings =
    firstOffRow < 0
      ? []
      : [`probabilities do not sum to 1 (row ${firstOffRow} sums to ${firstOffSum}); they are used as given, not renormalised, as sklearn does`];
  return definedMetric(total / rows, warnings);
}
