import { UserFacingError } from '../../../core/exit-codes';
import type { HostTensor } from '../../inference/tensor';
import { type ClassLabel, type ClassProbabilities, predictedClasses, type RowSubset } from '../metrics';
import { classOrder } from './class-order';
import type { ModelOutputs } from './model-outputs';

/** What a classifier said about the holdout, next to the truth, as the metrics take it. */
export interface ClassifierPredictions {
  readonly task: 'classification';
  readonly truth: readonly ClassLabel[];
  /** The label output, or the most probable class when the model has none. */
  readonly predicted: readonly ClassLabel[];
  /** @default - the model has no probability output */
  readonly probabilities?: ClassProbabilities;
}

export interface RegressorPredictions {
  readonly task: 'regression';
  readonly truth: Float64Array;
  readonly predicted: Float64Array;
}

export type Predictions = ClassifierPredictions | RegressorPredictions;

/** The model's outputs over the holdout, as labels, probabilities (float64, as the metrics expect) or values. */
export function toPredictions(
  which: ModelOutputs,
  outputs: ReadonlyMap<string, HostTensor>,
  truth: readonly ClassLabel[] | Float64Array,
  declaredClasses: readonly ClassLabel[] | undefined,
  modelLabel: string,
): Predictions {
  if (which.task === 'regression') {
    const predicted = Float64Array.from(outputs.get(which.prediction)!.data as Float32Array);
    const bad = predicted.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) throw new UserFacingError(`${modelLabel} predicts ${predicted[bad]} for row ${bad + 1}: the metrics need finite predictions`);
    return { task: 'regression', truth: truth as Float64Array, predicted };
  }
  const labelTensor = which.label === undefined ? undefined : outputs.get(which.label)!;
  const labels = labelTensor === undefined ? undefined : Array.from(labelTensor.data as ArrayLike<bigint | number | string>, (value): ClassLabel => (typeof value === 'bigint' ? Number(value) : value));
  if (which.probabilities === undefined) return { task: 'classification', truth: truth as ClassLabel[], predicted: labels! };
  const tensor = outputs.get(which.probabilities)!;
  const width = tensor.shape[1]!;
  const values = Float64Array.from(tensor.data as Float32Array);
  const classes = classOrder(values, width, labels, truth as ClassLabel[], declaredClasses, modelLabel);
  const probabilities: ClassProbabilities = { classes, values };
  return { task: 'classification', truth: truth as ClassLabel[], predicted: labels ?? predictedClasses(probabilities), probabilities };
}

/** The same predictions for a slice's rows. */
export function narrowPredictions(predictions: Predictions, rows: RowSubset): Predictions {
  if (predictions.task === 'regression') return { task: 'regression', truth: rows.numbers(predictions.truth, 'truth'), predicted: rows.numbers(predictions.predicted, 'predictions') };
  return {
    task: 'classification',
    truth: rows.labels(predictions.truth, 'truth'),
    predicted: rows.labels(predictions.predicted, 'predictions'),
    ...(predictions.probabilities === undefined ? {} : { probabilities: rows.probabilities(predictions.probabilities) }),
  };
}
