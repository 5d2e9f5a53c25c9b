import { parse } from 'csv-parse/sync';
import type { RawCell } from './cells';
import { type MonitorInput, MonitorInputError } from './monitor-input-error';

/** An upload: CSV text with a header row, or JSON rows (an array of objects, one key per column). */
export type TableInput = { readonly format: 'csv'; readonly text: string } | { readonly format: 'rows'; readonly rows: unknown };

/** An upload read but not yet typed: a header and, per row, its cells in header order. */
export interface RawTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly RawCell[])[];
  /** The CSV line each row ends on; absent for JSON rows. */
  readonly lines?: readonly number[];
}

/** Where an upload's problems are reported: the model and which upload. */
export interface UploadContext {
  readonly model: string;
  readonly input: MonitorInput;
}

/**
 * Reads an upload of at most `maxRows` rows. Refuses, naming the row and the column: no rows, more than
 * `maxRows` rows (a CSV is not parsed past the limit), invalid CSV, rows that are not flat objects with
 * the same keys.
 */
export function readTable(input: TableInput, maxRows: number, context: UploadContext): RawTable {
  const table = input.format === 'csv' ? readCsv(input.text, maxRows, context) : readRows(input.rows, maxRows, context);
  const blank = table.header.findIndex((name) => name.trim() === '');
  if (blank >= 0) throw new MonitorInputError({ ...context, kind: 'malformed' }, `column ${blank + 1} of the header has no name`);
  return table;
}

/** "row 4 (line 5)" for CSV, "row 4" for JSON rows; `index` counts from 0. */
export function rowLabel(table: RawTable, index: number): string {
  return table.lines ? `row ${index + 1} (line ${table.lines[index]})` : `row ${index + 1}`;
}

function readCsv(text: string, maxRows: number, context: UploadContext): RawTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // `to` stops parsing one row past the limit: a 10^7-row upload is refused without being read whole.
    // With `info: true` csv-parse returns { record, info } pairs, which its typings do not express.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, to: maxRows + 2 }) as unknown as typeof records;
  } catch (error) {
    // csv-parse counts the header and the records completed before the bad one: that count is the bad data row.
    const completed = (error as { records?: number }).records;
    const row = completed !== undefined && completed >= 1 ? completed : undefined;
    throw new MonitorInputError({ ...context, kind: 'malformed', row }, `not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new MonitorInputError({ ...context, kind: 'empty' }, 'no data: expected a header row and data rows');
  if (records.length === 1) throw new MonitorInputError({ ...context, kind: 'empty' }, 'no data rows after the header');
  checkRowLimit(records.length - 1, maxRows, context);
  const header = records[0].record.map((name) => name.trim());
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new MonitorInputError({ ...context, kind: 'malformed', column: duplicate }, `column "${duplicate}" appears twice in the header`);
  }
  const data = records.slice(1);
  return { header, rows: data.map((r) => r.record), lines: data.map((r) => r.info.lines) };
}

function readRows(rows: unknown, maxRows: number, context: UploadContext): RawTable {
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
  return { header, rows: rows.map((row: unknown, index) => rowCells(row, index, header, context)) };
}

function rowCells(row: unknown, index: number, header: readonly string[], context: UploadContext): RawCell[] {
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
    throw new MonitorInputError({ ...where, column: name }, `row ${index + 1}, column "${name}": expected a number, a string, a boolean or null, found ${describe(value)}`);
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
