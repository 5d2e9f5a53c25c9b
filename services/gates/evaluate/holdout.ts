import { didYouMean } from '../../../core/config/problems';
import { UserFacingError } from '../../../core/exit-codes';
import type { ColumnTypes } from '../../drift/input/data-table';
import { readDataFile } from '../../drift/input/read-data-file';
import type { FeatureType, RawValues } from '../../drift/sample';

/** A column the evaluation reads, and why, for messages: `the label (policy: label)`. */
export interface HoldoutColumn {
  readonly name: string;
  readonly role: string;
  /** @default - inferred from the values (numeric when every value is a number or missing) */
  readonly type?: FeatureType;
}

/** The holdout's columns that the policy names, read once. */
export interface Holdout {
  readonly file: string;
  readonly rows: number;
  readonly columns: ReadonlyMap<string, RawValues>;
}

/**
 * Reads a CSV or Parquet holdout with drift's readers and keeps the columns the policy names. A named
 * column the file lacks, or a value the column's type cannot hold, is bad input naming the column, the
 * row (or line) and what the file has.
 */
export async function readHoldout(file: string, wanted: readonly HoldoutColumn[]): Promise<Holdout> {
  const types: Record<string, FeatureType | undefined> = {};
  for (const column of wanted) if (column.type !== undefined) types[column.name] = column.type;
  const table = await readDataFile(file, types as ColumnTypes);
  const missing = wanted.filter((column) => !(column.name in table.columns));
  if (missing.length > 0) {
    const lines = missing.map((column) => {
      const guess = didYouMean(column.name, table.header);
      return `no column "${column.name}" (${column.role})${guess ? `; did you mean "${guess}"?` : ''}`;
    });
    throw new UserFacingError(`${file}: ${table.headerWhere}: ${lines.join('; ')}; the file has columns: ${table.header.join(', ')}`);
  }
  const names = new Set(wanted.map((column) => column.name));
  const problems = table.problems.filter((problem) => [...names].some((name) => problem.startsWith(`${file}: column "${name}"`)));
  if (problems.length > 0) throw new UserFacingError(problems.join('\n'));
  const columns = new Map<string, RawValues>();
  for (const name of names) columns.set(name, table.columns[name]!);
  const rows = columns.values().next().value?.length ?? 0;
  return { file, rows, columns };
}

/** One bad value, named the way every holdout message names it. */
export function holdoutValueError(holdout: Holdout, column: string, row: number, problem: string): UserFacingError {
  return new UserFacingError(`${holdout.file}: column "${column}", row ${row + 1}: ${problem}`);
}

export function isMissing(values: RawValues, row: number): boolean {
  return values instanceof Float64Array ? !Number.isFinite(values[row]!) : values[row] === null;
}
