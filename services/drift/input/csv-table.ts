import { parse } from 'csv-parse/sync';
import { UserFacingError } from '../../cli/exit-codes';

/** A CSV file as read: its header and its rows, each with the file line it ends on. */
export interface CsvTable {
  /** The name shown in messages. */
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly lines: readonly number[];
}

/** Parses CSV text with a header row; refuses an empty file, a header without rows and ragged rows. */
export function parseCsvTable(text: string, file: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info: true` csv-parse returns { record, info } pairs, which its typings do not express.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    throw new UserFacingError(`${file}: not valid CSV: ${(error as Error).message}`);
  }
  if (records.length === 0) throw new UserFacingError(`${file}: the file is empty; expected a header row and data rows`);
  const header = records[0].record.map((name) => name.trim());
  const duplicates = header.filter((name, i) => header.indexOf(name) !== i);
  if (duplicates.length > 0) throw new UserFacingError(`${file}: line 1: duplicate column names: ${[...new Set(duplicates)].join(', ')}`);
  const blank = header.findIndex((name) => name === '');
  if (blank >= 0) throw new UserFacingError(`${file}: line 1: column ${blank + 1} has no name`);
  if (records.length === 1) throw new UserFacingError(`${file}: no data rows after the header`);
  const data = records.slice(1);
  return { file, header, rows: data.map((r) => r.record), lines: data.map((r) => r.info.lines) };
}

/** Refuses two files whose headers name different columns (order may differ). */
export function checkSameHeader(reference: CsvTable, current: CsvTable): void {
  const missing = reference.header.filter((name) => !current.header.includes(name));
  const extra = current.header.filter((name) => !reference.header.includes(name));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length > 0 ? `missing ${missing.map((n) => `"${n}"`).join(', ')}` : '',
    extra.length > 0 ? `has ${extra.map((n) => `"${n}"`).join(', ')} which ${reference.file} does not` : '',
  ].filter(Boolean);
  throw new UserFacingError(`${current.file}: line 1: header does not match ${reference.file}: ${parts.join('; ')}`);
}
