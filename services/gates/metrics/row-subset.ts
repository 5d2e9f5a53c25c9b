import type { ClassLabel } from './class-labels';
import { MetricsInputError } from './metrics-input-error';
import { type ClassProbabilities, type ProbabilityMatrix, toProbabilityMatrix } from './class-probabilities';

/** Every slice narrows the same probabilities: check and flatten them once, not once per slice. */
const checkedMatrices = new WeakMap<ClassProbabilities, ProbabilityMatrix>();

/**
 * The rows of one slice. A slice's metric is computed on the same inputs as the whole set's, narrowed to
 * these rows: `(rows) => rocAuc(rows.labels(truth), rows.probabilities(proba))`. Each narrowing copies once
 * per slice, never per row.
 */
export class RowSubset {
  /**
   * @param indices the slice's row numbers in the full inputs, ascending
   * @param inputRows how many rows the full inputs have (the slice column's length)
   */
  constructor(
    readonly indices: Int32Array,
    private readonly inputRows: number,
  ) {}

  private check(name: string, length: number): void {
    if (length !== this.inputRows) {
      throw new MetricsInputError(`${name} has ${length} rows but the slice column has ${this.inputRows}: they must describe the same rows`);
    }
  }

  get size(): number {
    return this.indices.length;
  }

  labels(values: readonly ClassLabel[], name = 'labels'): ClassLabel[] {
    this.check(name, values.length);
    const out = new Array<ClassLabel>(this.indices.length);
    for (let k = 0; k < out.length; k++) out[k] = values[this.indices[k]];
    return out;
  }

  numbers(values: ArrayLike<number>, name = 'values'): Float64Array {
    this.check(name, values.length);
    const out = new Float64Array(this.indices.length);
    for (let k = 0; k < out.length; k++) out[k] = values[this.indices[k]];
    return out;
  }

  probabilities(probabilities: ClassProbabilities): ClassProbabilities {
    let matrix = checkedMatrices.get(probabilities);
    if (matrix === undefined) {
      matrix = toProbabilityMatrix(probabilities);
      checkedMatrices.set(probabilities, matrix);
    }
    const { classes, width, data } = matrix;
    this.check('probabilities', matrix.rows);
    const out = new Float64Array(this.indices.length * width);
    for (let k = 0; k < this.indices.length; k++) {
      const from = this.indices[k] * width;
      for (let column = 0; column < width; column++) out[k * width + column] = data[from + column];
    }
    return { classes, values: out };
  }
}
