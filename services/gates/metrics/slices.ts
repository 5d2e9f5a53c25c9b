import { describeValue } from './class-labels';
import { type MetricDirection, type MetricResult, type UndefinedMetric, definedMetric, undefinedMetric } from './metric-result';
import { MetricsInputError } from './metrics-input-error';
import { RowSubset } from './row-subset';

/** A slice column's value. null, undefined and NaN all mean "missing" and form the `null` slice. */
export type SliceValue = string | number | boolean | null;

export interface SliceOptions {
  /** Whether higher or lower values are better for the metric (`METRIC_DIRECTIONS`): decides the worst slice. */
  readonly direction: MetricDirection;
  /**
   * The slices to report, in this order. A listed value with no rows is reported as undefined ("no rows");
   * rows whose value is not listed belong to no slice and are counted in `unsliced`.
   * @default - every value in the column: numbers ascending, then booleans, then strings, then missing (null)
   */
  readonly slices?: readonly SliceValue[];
}

export interface SliceMetric {
  readonly slice: SliceValue;
  readonly rows: number;
  readonly result: MetricResult;
}

export type WorstSlice = { readonly defined: true; readonly slice: SliceValue; readonly value: number } | UndefinedMetric;

export interface SliceReport {
  readonly slices: readonly SliceMetric[];
  /** Rows whose slice value is not among `options.slices`. */
  readonly unsliced: number;
  /** The slice with the worst defined value, the first one on a tie; undefined when no slice has a value. */
  readonly worst: WorstSlice;
  /** Largest minus smallest defined slice value; undefined with fewer than two such slices. */
  readonly gap: MetricResult;
}

type Key = string | number | boolean;

/**
 * Computes one metric per slice of the rows, then the worst slice and the gap between best and worst. A slice
 * whose metric is undefined (no rows, one class for ROC AUC, one row for R²) is reported with its reason and
 * left out of the worst slice and the gap, never turned into NaN.
 *
 * @param column the slice value of each row, aligned with the metric's inputs
 * @param evaluate the metric on one slice's rows, e.g. `(rows) => accuracy(rows.labels(truth), rows.labels(predicted))`
 */
export function metricBySlice(
  column: readonly (SliceValue | undefined)[],
  evaluate: (rows: RowSubset) => MetricResult,
  options: SliceOptions,
): SliceReport {
  const { values, slotOfRow, unsliced } = assignSlots(column, options.slices);
  const counts = new Int32Array(values.length);
  for (let row = 0; row < slotOfRow.length; row++) if (slotOfRow[row] >= 0) counts[slotOfRow[row]]++;
  const starts = new Int32Array(values.length + 1);
  for (let slot = 0; slot < values.length; slot++) starts[slot + 1] = starts[slot] + counts[slot];
  const indices = new Int32Array(starts[values.length]);
  const next = starts.slice(0, values.length);
  for (let row = 0; row < slotOfRow.length; row++) if (slotOfRow[row] >= 0) indices[next[slotOfRow[row]]++] = row;

  const slices = values.map((slice, slot): SliceMetric => {
    const rows = new RowSubset(indices.subarray(starts[slot], starts[slot + 1]), column.length);
    const result = rows.size === 0 ? undefinedMetric('the slice has no rows') : evaluate(rows);
    return { slice, rows: rows.size, result };
  });
  return { slices, unsliced, worst: worstSlice(slices, options.direction), gap: gapBetween(slices) };
}

function keyOf(value: unknown, row: number): Key | null {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new MetricsInputError(`slice column[${row}] is ${describeValue(value)}: slice values must be strings, numbers, booleans or null`);
}

/** Each row's slot in the reported slice list (−1: in no slice), and the slice values in report order. */
function assignSlots(column: readonly unknown[], declared: readonly SliceValue[] | undefined) {
  const slotOf = new Map<Key, number>();
  let missingSlot = -1;
  const values: SliceValue[] = [];
  if (declared !== undefined) {
    declared.forEach((value, index) => {
      const key = keyOf(value, index);
      if (key === null ? missingSlot >= 0 : slotOf.has(key)) {
        throw new MetricsInputError(`options.slices lists ${describeValue(value)} twice: each slice once`);
      }
      if (key === null) missingSlot = values.length;
      else slotOf.set(key, values.length);
      values.push(key);
    });
  }
  const slotOfRow = new Int32Array(column.length);
  let unsliced = 0;
  for (let row = 0; row < column.length; row++) {
    const key = keyOf(column[row], row);
    let slot = key === null ? missingSlot : slotOf.get(key);
    if (slot === undefined || slot < 0) {
      if (declared !== undefined) {
        slotOfRow[row] = -1;
        unsliced++;
        continue;
      }
      slot = values.length;
      values.push(key);
      if (key === null) missingSlot = slot;
      else slotOf.set(key, slot);
    }
    slotOfRow[row] = slot;
  }
  if (declared === undefined) return sortedSlots(values, slotOfRow, unsliced);
  return { values, slotOfRow, unsliced };
}

const KIND_ORDER = { number: 0, boolean: 1, string: 2 } as const;

function compareSliceValues(a: SliceValue, b: SliceValue): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const kinds = KIND_ORDER[typeof a as keyof typeof KIND_ORDER] - KIND_ORDER[typeof b as keyof typeof KIND_ORDER];
  if (kinds !== 0) return kinds;
  if (typeof a === 'number') return a - (b as number);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortedSlots(values: SliceValue[], slotOfRow: Int32Array, unsliced: number) {
  const order = values.map((_, slot) => slot).sort((a, b) => compareSliceValues(values[a], values[b]));
  const renumber = new Int32Array(values.length);
  order.forEach((slot, position) => (renumber[slot] = position));
  for (let row = 0; row < slotOfRow.length; row++) slotOfRow[row] = renumber[slotOfRow[row]];
  return { values: order.map((slot) => values[slot]), slotOfRow, unsliced };
}

function worstSlice(slices: readonly SliceMetric[], direction: MetricDirection): WorstSlice {
  const sign = direction === 'higher-is-better' ? 1 : -1;
  let worst: WorstSlice = undefinedMetric('no slice has a defined value');
  for (const { slice, result } of slices) {
    if (result.defined && (!worst.defined || sign * result.value < sign * worst.value)) {
      worst = { defined: true, slice, value: result.value };
    }
  }
  return worst;
}

function gapBetween(slices: readonly SliceMetric[]): MetricResult {
  let count = 0;
  let lowest = Infinity;
  let highest = -Infinity;
  for (const { result } of slices) {
    if (!result.defined) continue;
    count++;
    lowest = Math.min(lowest, result.value);
    highest = Math.max(highest, result.value);
  }
  if (count < 2) {
    return undefinedMetric(`the gap needs at least two slices with a defined value; ${count} of ${slices.length} have one`);
  }
  return definedMetric(highest - lowest);
}
