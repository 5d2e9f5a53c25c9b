import { UserFacingError } from '../../../core/exit-codes';
import type { RawValues } from '../sample';
import { type ColumnCells, IgnoredCells, InferredCells, LabelCells, NumericCells } from './column-cells';
import { CsvScanner, CsvSyntaxError, type RowSink, lineAt } from './csv-scanner';
import { type ColumnTypes, type DataTable, checkHeaderNames, hasUsableValue } from './data-table';

/**
 * Reads CSV text with a header row into typed columns: numeric when `types` says so or, without a type,
 * when every cell is a number or missing; categorical otherwise. Invalid CSV (ragged rows, stray quotes),
 * an empty file and a header without rows throw; a word in a numeric column and a column with no usable
 * value are returned as problems, naming the file, the column and the line.
 */
export function readCsvColumns(text: string, file: string, types: ColumnTypes): DataTable {
  try {
    return readColumns(text, file, types);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new UserFacingError(`${file}: not valid CSV: line ${lineAt(text, error.position)}: ${error.message}`);
  }
}

function readColumns(text: string, file: string, types: ColumnTypes): DataTable {
  const scanner = new CsvScanner(text);
  if (!scanner.nextRow()) throw new UserFacingError(`${file}: the file is empty; expected a header row and data rows`);
  const names: string[] = [];
  scanner.readRow({ cell: (_, row, start, end) => names.push(row.slice(start, end)) });
  const header = names.map((name) => name.trim());
  checkHeaderNames(header, file, 'line 1');
  const cells = header.map((name): ColumnCells => {
    const type = types[name];
    if (type === undefined) return new InferredCells();
    return type === 'numeric' ? new NumericCells() : new LabelCells();
  });
  const rows = readRows(scanner, cells);
  if (rows.count === 0) throw new UserFacingError(`${file}: no data rows after the header`);

  const rereading = cells.map((column) => (column instanceof InferredCells && column.needsRereading ? new LabelCells() : undefined));
  if (rereading.some((column) => column !== undefined)) {
    const second = new CsvScanner(text);
    second.nextRow();
    second.readRow({ cell: () => undefined });
    readRows(second, rereading.map((column) => column ?? new IgnoredCells()));
  }

  const problems: string[] = [];
  const columns: Record<string, RawValues> = {};
  header.forEach((name, index) => {
    const column = cells[index];
    if (column instanceof NumericCells && column.badCount > 0) {
      const more = column.badCount > 1 ? ` (${column.badCount - 1} more such values)` : '';
      problems.push(
        `${file}: column "${name}", line ${lineAt(text, column.firstBadPosition)}: ${JSON.stringify(column.firstBadText)} is not a number, and the column is numeric${more}`,
      );
    }
    const values = rereading[index]?.result() ?? column.result();
    if (values === undefined) throw new Error(`internal error: column "${name}" was not read`);
    columns[name] = values;
    if (!hasUsableValue(values)) {
      const [first, last] = [lineAt(text, rows.firstStart), lineAt(text, rows.lastStart)];
      const where = first === last ? `line ${first}` : `lines ${first}–${last}`;
      problems.push(`${file}: column "${name}", ${where}: no usable value (all empty, NaN or infinite)`);
    }
  });
  return { file, header, headerWhere: 'line 1', columns, problems };
}

/** Reads every data row into `cells`; returns the number of rows and where the first and the last start. */
function readRows(scanner: CsvScanner, cells: readonly ColumnCells[]): { count: number; firstStart: number; lastStart: number } {
  const sink: RowSink = {
    cell(column, row, start, end) {
      cells[column]?.add(row, start, end);
    },
  };
  let count = 0;
  let firstStart = -1;
  let lastStart = -1;
  while (scanner.nextRow()) {
    lastStart = scanner.position;
    if (firstStart < 0) firstStart = lastStart;
    const width = scanner.readRow(sink);
    if (width !== cells.length) {
      throw new CsvSyntaxError(`${width} field${width === 1 ? '' : 's'}, but the header has ${cells.length}`, lastStart);
    }
    count++;
  }
  return { count, firstStart, lastStart };
}
