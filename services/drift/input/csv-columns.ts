import { UserFacingError } from '../../cli/exit-codes';
import type { FeatureType, RawValues } from '../sample';
import { isMissingText, parseNumberText } from './cell-text';
import type { CsvTable } from './csv-table';

/**
 * The columns of two CSV tables with the same header, typed: a column is numeric when its type says so or,
 * without one, when every reference cell is a number or missing. Every problem is reported at once:
 * a non-number in a numeric column (file, column, line), a column with no usable value in a file.
 */
export function typedColumns(
  reference: CsvTable,
  current: CsvTable,
  declaredTypes: Readonly<Record<string, FeatureType | undefined>>,
): { reference: Record<string, RawValues>; current: Record<string, RawValues> } {
  const problems: string[] = [];
  const columns = { reference: {} as Record<string, RawValues>, current: {} as Record<string, RawValues> };
  for (const name of reference.header) {
    const type = declaredTypes[name] ?? (isNumericColumn(reference, name) ? 'numeric' : 'categorical');
    for (const [side, table] of [['reference', reference], ['current', current]] as const) {
      const cells = columnCells(table, name);
      columns[side][name] = type === 'numeric' ? numbers(table, name, cells, problems) : labels(cells);
      if (!hasUsableValue(columns[side][name])) {
        const first = table.lines[0];
        const last = table.lines[table.lines.length - 1];
        const where = first === last ? `line ${first}` : `lines ${first}–${last}`;
        problems.push(`${table.file}: column "${name}", ${where}: no usable value (all empty, NaN or infinite)`);
      }
    }
  }
  if (problems.length > 0) throw new UserFacingError(problems.join('\n'));
  return columns;
}

function columnCells(table: CsvTable, name: string): string[] {
  const index = table.header.indexOf(name);
  return table.rows.map((row) => row[index]);
}

function isNumericColumn(table: CsvTable, name: string): boolean {
  return columnCells(table, name).every((cell) => parseNumberText(cell) !== undefined);
}

function numbers(table: CsvTable, name: string, cells: readonly string[], problems: string[]): Float64Array {
  const values = new Float64Array(cells.length);
  let firstBad = -1;
  let badCount = 0;
  cells.forEach((cell, row) => {
    const value = parseNumberText(cell);
    if (value === undefined) {
      if (firstBad < 0) firstBad = row;
      badCount++;
    } else {
      values[row] = value;
    }
  });
  if (badCount > 0) {
    const more = badCount > 1 ? ` (${badCount - 1} more such values)` : '';
    problems.push(`${table.file}: column "${name}", line ${table.lines[firstBad]}: ${JSON.stringify(cells[firstBad])} is not a number, and the column is numeric${more}`);
  }
  return values;
}

function hasUsableValue(values: RawValues): boolean {
  return values instanceof Float64Array ? values.some(Number.isFinite) : values.some((label) => label !== null);
}

function labels(cells: readonly string[]): (string | null)[] {
  return cells.map((cell) => (isMissingText(cell) ? null : cell));
}
