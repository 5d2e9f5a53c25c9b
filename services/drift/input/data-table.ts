import { UserFacingError } from '../../../core/exit-codes';
import type { FeatureType, RawValues } from '../sample';

/** A data file read into typed columns: float64 for numeric columns, labels (null for missing) for the others. */
export interface DataTable {
  /** The name shown in messages. */
  readonly file: string;
  readonly header: readonly string[];
  /** Where the column names are, for messages: "line 1" of a CSV file, the "schema" of a Parquet file. */
  readonly headerWhere: string;
  readonly columns: Readonly<Record<string, RawValues>>;
  /**
   * What is wrong with the values (a word in a numeric column, a column with no usable value), each with
   * the file and where: reported together with the other file's before the comparison stops.
   */
  readonly problems: readonly string[];
}

/** A type per column: declared in the options or, for the current data, the reference's. Undefined: inferred. */
export type ColumnTypes = Readonly<Record<string, FeatureType | undefined>>;

export function typesOf(table: DataTable): Record<string, FeatureType> {
  return Object.fromEntries(Object.entries(table.columns).map(([name, values]) => [name, values instanceof Float64Array ? 'numeric' : 'categorical']));
}

export function hasUsableValue(values: RawValues): boolean {
  return values instanceof Float64Array ? values.some(Number.isFinite) : values.some((label) => label !== null);
}

/** Refuses a header that names a column twice or leaves one unnamed. */
export function checkHeaderNames(header: readonly string[], file: string, where: string): void {
  const duplicates = header.filter((name, i) => header.indexOf(name) !== i);
  if (duplicates.length > 0) throw new UserFacingError(`${file}: ${where}: duplicate column names: ${[...new Set(duplicates)].join(', ')}`);
  const blank = header.findIndex((name) => name === '');
  if (blank >= 0) throw new UserFacingError(`${file}: ${where}: column ${blank + 1} has no name`);
}

/** Refuses two files whose headers name different columns (order may differ). */
export function checkSameHeader(reference: DataTable, current: DataTable): void {
  const missing = reference.header.filter((name) => !current.header.includes(name));
  const extra = current.header.filter((name) => !reference.header.includes(name));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length > 0 ? `missing ${missing.map((n) => `"${n}"`).join(', ')}` : '',
    extra.length > 0 ? `has ${extra.map((n) => `"${n}"`).join(', ')} which ${reference.file} does not` : '',
  ].filter(Boolean);
  throw new UserFacingError(`${current.file}: ${current.headerWhere}: header does not match ${reference.file}: ${parts.join('; ')}`);
}
