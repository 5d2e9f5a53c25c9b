import type { ClassLabel } from '../metrics';
import { type Holdout, holdoutValueError } from './holdout';

/** What a holdout row's label says about a missing or odd value: shown as is in messages. */
function shown(value: number | string | null): string {
  return value === null ? 'missing' : typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/**
 * The classification truth: integers from a numeric column (the model's labels are INT64), strings from
 * a text column. A missing label (empty, NaN) or a fraction is bad input naming the row.
 */
export function classLabels(holdout: Holdout, column: string): ClassLabel[] {
  const values = holdout.columns.get(column)!;
  const labels = new Array<ClassLabel>(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) {
      throw holdoutValueError(holdout, column, row, 'the label is missing (empty or NaN); every holdout row needs its true class');
    }
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw holdoutValueError(holdout, column, row, `the label ${shown(value)} is not a whole number; the model's classes are integers`);
    }
    labels[row] = value;
  }
  return labels;
}

/** The regression truth: finite numbers. A missing or infinite value is bad input naming the row. */
export function targetValues(holdout: Holdout, column: string): Float64Array {
  const values = holdout.columns.get(column)!;
  if (!(values instanceof Float64Array)) throw new Error(`internal error: the label column "${column}" was not read as numbers`);
  for (let row = 0; row < values.length; row++) {
    if (!Number.isFinite(values[row]!)) {
      throw holdoutValueError(holdout, column, row, `the label is ${Number.isNaN(values[row]!) ? 'missing (empty or NaN)' : values[row]}; every holdout row needs a finite true value`);
    }
  }
  return values;
}
