import { type ClassLabel, checkClassList } from './class-labels';
import { MetricsInputError } from './metrics-input-error';

/**
 * What a classifier says about each row: one probability (or score) per class. This is what the gate evaluator
 * has after running an ONNX classifier: its class list and its probability output.
 */
export interface ClassProbabilities {
  /** The class of each column, in the model's column order (need not be sorted). */
  readonly classes: readonly ClassLabel[];
  /**
   * Row-major `rows × classes.length` values, or one array per row. ONNX outputs float32: convert it to
   * float64 (a `Float64Array`) first; scikit-learn's results that these metrics match are for float64 input.
   */
  readonly values: Float64Array | readonly (readonly number[])[];
}

/** Validated probabilities: `data[row * width + column]`, every value finite. */
export interface ProbabilityMatrix {
  readonly classes: readonly ClassLabel[];
  readonly width: number;
  readonly rows: number;
  readonly data: Float64Array;
}

/** Checks shape and finiteness once, and flattens nested arrays into one Float64Array. */
export function toProbabilityMatrix(input: ClassProbabilities, name = 'probabilities'): ProbabilityMatrix {
  checkClassList(input.classes, `${name}.classes`);
  const width = input.classes.length;
  if (width < 2) {
    throw new MetricsInputError(`${name}.classes has ${width} class(es): a classifier's output needs at least 2 columns`);
  }
  const data = input.values instanceof Float64Array ? input.values : flatten(input.values, width, name);
  if (data.length % width !== 0) {
    throw new MetricsInputError(
      `${name}.values has ${data.length} numbers, not a multiple of the ${width} classes: expected rows × ${width}, row-major`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new MetricsInputError(
        `${name}.values row ${Math.floor(i / width)}, column ${i % width} is ${data[i]}: every probability must be a finite number`,
      );
    }
  }
  return { classes: input.classes, width, rows: data.length / width, data };
}

function flatten(rows: readonly (readonly number[])[], width: number, name: string): Float64Array {
  const data = new Float64Array(rows.length * width);
  rows.forEach((row, index) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new MetricsInputError(
        `${name}.values[${index}] has ${Array.isArray(row) ? row.length : 'no'} values: expected one per class (${width})`,
      );
    }
    data.set(row, index * width);
  });
  return data;
}

/**
 * The predicted class of each row: the column with the highest probability, the first on a tie, as
 * scikit-learn's `predict` takes `classes_[argmax(predict_proba)]`.
 */
export function predictedClasses(probabilities: ClassProbabilities): ClassLabel[] {
  const { classes, width, rows, data } = toProbabilityMatrix(probabilities);
  const predicted = new Array<ClassLabel>(rows);
  for (let row = 0; row < rows; row++) {
    const start = row * width;
    let best = 0;
    for (let column = 1; column < width; column++) if (data[start + column] > data[start + best]) best = column;
    predicted[row] = classes[best];
  }
  return predicted;
}
