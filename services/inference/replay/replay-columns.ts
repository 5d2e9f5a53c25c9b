import { UserFacingError } from '../../../core/exit-codes';
import type { DataTable } from '../../drift/input/data-table';

/** A tensor as `GET /v2/models/<name>` describes it: the first dimension is the rows, -1 any number. */
export interface TensorMetadata {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

/** The part of a model's metadata replay needs. */
export interface ModelMetadata {
  readonly name: string;
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];
}

/** One input filled from the file: per row, the cells of `columns` in order, as a tensor of `rowShape`. */
export interface InputColumns {
  readonly input: TensorMetadata;
  readonly rowShape: readonly number[];
  readonly columns: readonly string[];
}

/** Replay sends numbers and labels from a CSV; BOOL tensors have no CSV spelling the server would agree on. */
const NUMERIC = new Set(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64']);

/**
 * Which of the file's columns feed which input. An input `t` of shape [-1, k] takes the columns `t_0` … `t_{k-1}`
 * (the names the drift logging gives them), one of shape [-1] or [-1, 1] the column `t`; a model with a single
 * input also takes exactly k columns in their order, whatever their names. Any other file is refused with the
 * columns that are missing and those that are extra.
 */
export function inputColumns(model: ModelMetadata, header: readonly string[], file: string): InputColumns[] {
  const inputs = model.inputs.map((input) => {
    if (input.datatype !== 'BYTES' && !NUMERIC.has(input.datatype)) {
      throw new UserFacingError(`model '${model.name}': input '${input.name}' is ${input.datatype}; replay sends numeric and BYTES inputs only`);
    }
    const rowShape = input.shape.slice(1);
    if (input.shape.length === 0 || rowShape.some((dim) => dim < 0)) {
      throw new UserFacingError(
        `model '${model.name}': input '${input.name}' has shape [${input.shape.join(', ')}]; replay needs a first dimension for the rows and fixed dimensions after it`,
      );
    }
    return { input, rowShape, names: columnNames(input.name, rowShape) };
  });

  const only = inputs.length === 1 ? inputs[0]! : undefined;
  if (only && header.length === only.names.length && !header.some((name) => only.names.includes(name) || name === only.input.name)) {
    return [{ input: only.input, rowShape: only.rowShape, columns: header }];
  }
  const chosen = inputs.map(({ input, rowShape, names }) => {
    // A one-value input may be named like the input itself: one column per input.
    const columns = names.length === 1 && !header.includes(names[0]!) && header.includes(input.name) ? [input.name] : names;
    return { input, rowShape, columns };
  });
  const expected = chosen.flatMap((input) => input.columns);
  const missing = expected.filter((name) => !header.includes(name));
  const extra = header.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    const problems = [missing.length > 0 ? `missing ${quoted(missing)}` : '', extra.length > 0 ? `extra ${quoted(extra)}` : ''].filter(Boolean).join('; ');
    const wanted = chosen.map(({ input, rowShape, columns }) => `${input.name} ${input.datatype} [${input.shape.join(', ')}]: ${abbreviated(columns)}${rowShape.length > 0 && columns.length === 1 && columns[0] !== input.name ? ` (or ${input.name})` : ''}`).join('; ');
    const positional = only ? `, or exactly ${only.names.length} columns in that order` : '';
    throw new UserFacingError(`--input ${file}: the columns do not fit model '${model.name}': ${problems}. It takes ${wanted}${positional}`);
  }
  return chosen;
}

/** The drift logging's names for an input's columns (logging/drift-rows.ts): `t` for one value per row, else `t_0` …. */
function columnNames(name: string, rowShape: readonly number[]): string[] {
  if (rowShape.length === 0) return [name];
  const width = rowShape.reduce((count, dim) => count * dim, 1);
  return Array.from({ length: width }, (_, index) => `${name}_${index}`);
}

function quoted(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function abbreviated(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names[0]}, ${names[1]}, …, ${names[names.length - 1]}`;
}

/**
 * The cells of each input's columns, checked: numbers (whole ones for integer inputs) in every row of a numeric
 * input, a label in every row of a BYTES input. The problem names the column and the data row.
 */
export function checkedColumns(table: DataTable, inputs: readonly InputColumns[]): void {
  for (const { input, columns } of inputs) {
    for (const column of columns) {
      const values = table.columns[column]!;
      if (input.datatype === 'BYTES') {
        const row = (values as readonly (string | number | null)[]).findIndex((value) => value === null || (typeof value === 'number' && !Number.isFinite(value)));
        if (row >= 0) throw new UserFacingError(`${table.file}: column "${column}", data row ${row + 1}: empty; input '${input.name}' needs a label in every row`);
        continue;
      }
      if (!(values instanceof Float64Array)) {
        const row = values.findIndex((value) => value !== null && !Number.isFinite(Number(value)));
        throw new UserFacingError(`${table.file}: column "${column}", data row ${row + 1}: ${JSON.stringify(values[row])} is not a number; input '${input.name}' is ${input.datatype} and needs a number in every row`);
      }
      const integer = input.datatype.includes('INT');
      const row = values.findIndex((value) => !Number.isFinite(value) || (integer && !Number.isInteger(value)));
      if (row >= 0) {
        const found = Number.isNaN(values[row]!) ? 'empty' : String(values[row]);
        throw new UserFacingError(`${table.file}: column "${column}", data row ${row + 1}: ${found}; input '${input.name}' is ${input.datatype} and needs ${integer ? 'a whole number' : 'a finite number'} in every row`);
      }
    }
  }
}
