import type { DatasetInput } from '../compare';
import type { EmbeddingMatrix } from '../embeddings';
import type { FeatureType } from '../sample';
import { type Cell, type RawCell, labelCell, numericCell } from './cells';
import { vectorCell, vectorComponents, vectorProblemText } from '../input/embedding-cells';
import { MonitorInputError } from './monitor-input-error';
import { type RawTable, type UploadContext, rowLabel } from './table-input';

/** A tabular column, or an embedding column: one vector of `dimensions` numbers per row. */
export type ProfileColumn =
  | { readonly name: string; readonly type: FeatureType }
  | { readonly name: string; readonly type: 'embedding'; readonly dimensions: number };

/** Typed cells by column name, every column as long as the table. */
export type ColumnValues = Readonly<Record<string, readonly Cell[]>>;

/**
 * The columns of a reference upload: embedding columns as declared, with the dimensions of their first
 * vector; numeric when declared so or, without a declaration, when every cell is a number or missing (the
 * rule of `plinth drift compare`); categorical otherwise.
 */
export function inferColumns(
  table: RawTable,
  declaredTypes: Readonly<Record<string, FeatureType | undefined>>,
  embeddings: ReadonlySet<string> = new Set(),
): ProfileColumn[] {
  return table.header.map((name, index) => {
    if (embeddings.has(name)) {
      const first = table.rows.map((row) => vectorComponents(row[index])).find((components) => components !== null);
      return { name, type: 'embedding', dimensions: first?.length ?? 0 };
    }
    return { name, type: declaredTypes[name] ?? (table.rows.every((row) => numericCell(row[index]) !== undefined) ? 'numeric' : 'categorical') };
  });
}

/**
 * Types an upload by the profile's columns. The upload must have exactly those columns (in any order);
 * a numeric column must hold numbers or missing values; every column needs at least one usable value.
 * The first problem is thrown, naming the column and the row.
 */
export function typeColumns(table: RawTable, columns: readonly ProfileColumn[], context: UploadContext): ColumnValues {
  checkSameColumns(table, columns, context);
  const values: Record<string, readonly Cell[]> = {};
  for (const column of columns) {
    const index = table.header.indexOf(column.name);
    const raw = table.rows.map((row) => row[index]);
    values[column.name] =
      column.type === 'embedding' ? vectors(raw, column.name, column.dimensions, table, context) : column.type === 'numeric' ? numbers(raw, column.name, table, context) : raw.map(labelCell);
    if (values[column.name].every((cell) => cell === null)) {
      const rows = table.rows.length === 1 ? rowLabel(table, 0) : `${rowLabel(table, 0)} to ${rowLabel(table, table.rows.length - 1)}`;
      throw new MonitorInputError(
        { ...context, kind: 'no_usable_value', column: column.name },
        `column "${column.name}", ${rows}: no usable value (all missing, NaN or infinite)`,
      );
    }
  }
  return values;
}

/**
 * The comparison's view of typed columns: numbers as float64 with NaN for dropped cells, labels with null,
 * embeddings as matrices with a row of NaN for a dropped vector (the comparison drops and counts it).
 */
export function datasetInput(columns: readonly ProfileColumn[], values: ColumnValues): DatasetInput {
  const tabular = columns.filter((column) => column.type !== 'embedding');
  const embeddings = columns.flatMap((column) => (column.type === 'embedding' ? [column] : []));
  return {
    columns: Object.fromEntries(
      tabular.map(({ name, type }) => {
        const cells = values[name];
        return [name, type === 'numeric' ? Float64Array.from(cells, (cell) => (cell === null ? Number.NaN : Number(cell))) : cells.map((cell) => (cell === null ? null : String(cell)))];
      }),
    ),
    ...(embeddings.length === 0 ? {} : { embeddings: Object.fromEntries(embeddings.map(({ name, dimensions }) => [name, embeddingMatrix(values[name], dimensions)])) }),
  };
}

function embeddingMatrix(cells: readonly Cell[], dimensions: number): EmbeddingMatrix {
  const values = new Float64Array(cells.length * dimensions).fill(Number.NaN);
  cells.forEach((cell, row) => {
    if (Array.isArray(cell)) values.set(cell, row * dimensions);
  });
  return { rows: cells.length, dimensions, values };
}

/** Rows (cells in profile column order) from typed columns, and back: the window is kept by row. */
export function rowsOfColumns(columns: readonly ProfileColumn[], values: ColumnValues): Cell[][] {
  const length = values[columns[0].name].length;
  return Array.from({ length }, (_, row) => columns.map(({ name }) => values[name][row]));
}

export function columnsOfRows(columns: readonly ProfileColumn[], rows: readonly (readonly Cell[])[]): ColumnValues {
  return Object.fromEntries(columns.map(({ name }, index) => [name, rows.map((row) => row[index])]));
}

function checkSameColumns(table: RawTable, columns: readonly ProfileColumn[], context: UploadContext): void {
  const expected = columns.map(({ name }) => name);
  const missing = expected.find((name) => !table.header.includes(name));
  const extra = table.header.find((name) => !expected.includes(name));
  if (missing === undefined && extra === undefined) return;
  const problem = missing !== undefined ? `column "${missing}" of the reference is missing` : `column "${extra}" is not in the reference`;
  throw new MonitorInputError(
    { ...context, kind: 'header_mismatch', column: missing ?? extra },
    `${problem} (the reference has ${expected.join(', ')}; this upload has ${table.header.join(', ')})`,
  );
}

function numbers(raw: readonly RawCell[], name: string, table: RawTable, context: UploadContext): Cell[] {
  const cells = raw.map(numericCell);
  const firstBad = cells.indexOf(undefined);
  if (firstBad < 0) return cells as Cell[];
  const others = cells.filter((cell) => cell === undefined).length - 1;
  throw new MonitorInputError(
    { ...context, kind: 'not_a_number', column: name, row: firstBad + 1 },
    `column "${name}", ${rowLabel(table, firstBad)}: ${JSON.stringify(raw[firstBad])} is not a number, and the column is numeric` +
      (others > 0 ? ` (${others} more such values)` : ''),
  );
}

function vectors(raw: readonly RawCell[], name: string, dimensions: number, table: RawTable, context: UploadContext): Cell[] {
  return raw.map((cell, index) => {
    const typed = vectorCell(cell, dimensions);
    if ('cell' in typed) return typed.cell;
    const source = context.input === 'batch' ? `the reference's vectors have ${dimensions}` : `the column's first vector has ${dimensions}`;
    throw new MonitorInputError(
      { ...context, kind: typed.problem.kind === 'wrong_dimensions' ? 'wrong_dimensions' : 'not_a_number', column: name, row: index + 1 },
      `column "${name}", ${rowLabel(table, index)}: ${vectorProblemText(cell, typed.problem, source)}`,
    );
  });
}
