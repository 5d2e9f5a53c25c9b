import { type ClassLabel, checkSameLength, encodeLabelUnion } from './class-labels';
import { type MetricResult, definedMetric, undefinedMetric } from './metric-result';

/** Share of rows whose predicted class is the true class: sklearn's `accuracy_score(truth, predicted)`. */
export function accuracy(truth: readonly ClassLabel[], predicted: readonly ClassLabel[]): MetricResult {
  checkSameLength({ name: 'truth', length: truth.length }, { name: 'predicted', length: predicted.length });
  if (truth.length === 0) return undefinedMetric('accuracy of no rows is undefined');
  const {
    codes: [truthCodes, predictedCodes],
  } = encodeLabelUnion([
    { name: 'truth', values: truth },
    { name: 'predicted', values: predicted },
  ]);
  let correct = 0;
  for (let row = 0; row < truthCodes.length; row++) if (truthCodes[row] === predictedCodes[row]) correct++;
  return definedMetric(correct / truthCodes.length);
}
