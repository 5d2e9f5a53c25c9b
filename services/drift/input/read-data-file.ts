import { constants } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { UserFacingError } from '../../../core/exit-codes';
import { readCsvColumns } from './csv-columns';
import type { ColumnTypes, DataTable } from './data-table';
import { readParquetColumns } from './parquet-columns';

/** Files read as Parquet; every other file is read as CSV. */
export const PARQUET_FILE = /\.(?:parquet|pq)$/i;

/** Reads a CSV or Parquet file (by its extension) into typed columns; see `readCsvColumns` and `readParquetColumns`. */
export async function readDataFile(file: string, types: ColumnTypes): Promise<DataTable> {
  const bytes = readBytes(file);
  if (PARQUET_FILE.test(file)) return readParquetColumns(new Uint8Array(bytes).buffer, file, types);
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG') throw error;
    const limit = `${Math.floor(constants.MAX_STRING_LENGTH / 2 ** 20)} Mi characters`;
    throw new UserFacingError(`${file}: too large to read as CSV (more than ${limit}); write the data as Parquet (.parquet) instead`);
  }
  return readCsvColumns(text, file, types);
}

export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new UserFacingError(`${file}: cannot read: ${reason}`);
  }
}
