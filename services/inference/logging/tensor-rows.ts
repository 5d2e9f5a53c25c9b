import { halfBitsToFloat } from '../protocol/float16';
import type { HostTensor } from '../tensor';

/** One cell of a logged row: a number (NaN and infinities go as JSON null, which drift counts as missing) or a label. */
export type DriftCell = number | string;

/**
 * A tensor as rows of cells: its first dimension is the rows (Triton's batch dimension, or the model's
 * own first one), the rest is flattened into the columns of each row in row-major order. A rank-1 tensor
 * gives one cell per row, a scalar one row of one cell.
 */
export function tensorRows(tensor: HostTensor): DriftCell[][] {
  const cell = cellReader(tensor);
  const rows = tensor.shape.length === 0 ? 1 : tensor.shape[0]!;
  const width = tensor.shape.slice(1).reduce((count, dim) => count * dim, 1);
  return Array.from({ length: rows }, (_, row) => Array.from({ length: width }, (_, column) => cell(row * width + column)));
}

/** Reads element `index` as a cell: 64-bit integers as numbers (drift's columns are float64), halves decoded, strings as they are. */
function cellReader(tensor: HostTensor): (index: number) => DriftCell {
  const data = tensor.data;
  if (tensor.datatype === 'FP16') return (index) => halfBitsToFloat((data as Uint16Array)[index]!);
  return (index) => {
    const value = data[index]!;
    return typeof value === 'bigint' ? Number(value) : value;
  };
}
