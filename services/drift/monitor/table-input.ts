import { CsvScanner, CsvSyntaxError, lineAt } from '../input/csv-scanner';
import type { RawCell } from './cells';
import { type MonitorInput, MonitorInputError } from './monitor-input-error';

/** An upload: CSV text with a header row, or JSON rows (an array of objects, one key per column). */
export type TableInput = { readonly format: 'csv'; readonly text: string } | { readonly format: 'rows'; readonly rows: unknown };

/** An upload read but not yet typed: a header and, per row, its cells in header order. */
export interface RawTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly RawCell[])[];
  /** The CSV line a row (counted from 0) starts on; absent for JSON rows. Counting lines is left to error messages. */
  readonly lineOf?: (index: number) => number;
}

/** Where an upload's problems are reported: the model and which upload. */
export interface UploadContext {
  readonly model: string;
  readonly input: MonitorInput;
}

/**
 * Reads an upload of at most `maxRows` rows. Refuses, naming the row and the column: no rows, more than
 * `maxRows` rows (a CSV is not parsed past the limit), invalid CSV, rows that are not flat objects with
 * the same keys (JSON arrays are allowed in the `vectorColumns`, the embedding columns, only).
 */
export function readTable(input: TableInput, maxRows: number, context: UploadContext, vectorColumns: ReadonlySet<string> = new Set()): RawTable {
  const table = input.format === 'csv' ? readCsv(input.text, maxRows, context) : readRows(input.rows, maxRows, context, vectorColumns);
  const blank = table.header.findIndex((name) => name.trim() === '');
  if (blank >= 0) throw new MonitorInputError({ ...context, kind: 'malformed' }, `column ${blank + 1} of the header has no name`);
  return table;
}

/** "row 4 (line 5)" for CSV, "row 4" for JSON rows; `index` counts from 0. */
export function rowLabel(table: RawTable, index: number): string {
  return table.lineOf ? `row ${index + 1} (line ${table.lineOf(index)})` : `row ${index + 1}`;
}

function readCsv(text: string, maxRows: number, context: UploadContext): RawTable {
  const scanner = new CsvScanner(text);
  const starts: number[] = [];
  const lineOf = (index: number) => lineAt(text, starts[index]);
  let header: string[] = [];
  const rows: string[][] = [];
  try {
    if (!scanner.nextRow()) throw new MonitorInputError({ ...context, kind: 'empty' }, 'no data: expected a header row and data rows');
    header = readCsvRow(scanner).map((name) => name.trim());
    while (scanner.nextRow()) {
      // A 10^7-row upload is refused at the row past the limit, without being read whole.
      checkRowLimit(rows.length + 1, maxRows, context);
      starts.push(scanner.position);
      const row = readCsvRow(scanner);
      if (row.length !== header.length) {
        const where = `row ${rows.length + 1} (line ${lineOf(rows.length)})`;
        throw new MonitorInputError({ ...context, kind: 'malformed', row: rows.length + 1 }, `not valid CSV: ${where} has ${row.length} fields, the header ${header.length}`);
      }
      rows.push(row);
    }
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    const row = starts.length > 0 ? starts.length : undefined;
    throw new MonitorInputError({ ...context, kind: 'malformed', row }, `not valid CSV: ${error.message} (line ${lineAt(text, error.position)})`);
  }
  if (rows.length === 0) throw new MonitorInputError({ ...context, kind: 'empty' }, 'no data rows after the header');
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new MonitorInputError({ ...context, kind: 'malformed', column: duplicate }, `column "${duplicate}" appears twice in the header`);
  }
  return { header, rows, lineOf };
}

function readCsvRow(scanner: CsvScanner): string[] {
  const cells: string[] = [];
  scanner.readRow({ cell: (column, text, start, end) => (cells[column] = text.slice(start, end)) });
  return cells;
}

function readRows(rows: unknown, maxRows: number, context: UploadContext, vectorColumns: ReadonlySet<string>): RawTable {
  if (!Array.isArray(rows)) {
    throw new MonitorInputError({ ...context, kind: 'malformed' }, `expected an array of row objects, found ${describe(rows)}`);
  }
  if (rows.length === 0) throw new MonitorInputError({ ...context, kind: 'empty' }, 'no data: the array of rows is empty');
  checkRowLimit(rows.length, maxRows, context);
  const first: unknown = rows[0];
  if (!isPlainObject(first)) {
    throw new MonitorInputError({ ...context, kind: 'malformed', row: 1 }, `row 1: expected an object, found ${describe(first)}`);
  }
  const header = Object.keys(first);
  if (header.length === 0) throw new MonitorInputError({ ...context, kind: 'empty', row: 1 }, 'row 1: no columns');
  return { header, rows: rows.map((row: unknown, index) => rowCells(row, index, header, context, vectorColumns)) };
}

function rowCells(row: unknown, index: number, header: readonly string[], context: UploadContext, vectorColumns: ReadonlySet<string>): RawCell[] {
  const where = { ...context, kind: 'malformed' as const, row: index + 1 };
  if (!isPlainObject(row)) throw new MonitorInputError(where, `row ${index + 1}: expected an object, found ${describe(row)}`);
  const extra = Object.keys(row).find((name) => !header.includes(name));
  if (extra !== undefined) {
    throw new MonitorInputError({ ...where, column: extra }, `row ${index + 1}: column "${extra}" is not in row 1 (columns: ${header.join(', ')})`);
  }
  return header.map((name) => {
    if (!(name in row)) throw new MonitorInputError({ ...where, column: name }, `row ${index + 1}: column "${name}" is missing`);
    const value = row[name];
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as RawCell;
    if (Array.isArray(value) && vectorColumns.has(name)) return value;
    const hint = Array.isArray(value) ? ' (to compare vectors, declare the column under "embeddings" in the reference\'s options)' : '';
    throw new MonitorInputError({ ...where, column: name }, `row ${index + 1}, column "${name}": expected a number, a string, a boolean or null, found ${describe(value)}${hint}`);
  });
}

function checkRowLimit(rows: number, maxRows: number, context: UploadContext): void {
  if (rows <= maxRows) return;
  throw new MonitorInputError(
    { ...context, kind: 'too_many_rows', row: maxRows + 1 },
    `more than ${maxRows} rows (the limit for a ${context.input}); send the data in smaller uploads`,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
