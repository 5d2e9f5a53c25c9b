import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { ColumnData, CompressionCodec, Compressors, FileMetaData, SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };
import { UserFacingError } from '../../../core/exit-codes';
import type { FeatureType, RawValues } from '../sample';
import { isMissingText, parseNumberText } from './cell-text';
import { type ColumnTypes, type DataTable, checkHeaderNames, hasUsableValue } from './data-table';
import { type ParquetValueKind, describeType, valueKind } from './parquet-schema';

/**
 * Codecs beyond hyparquet's own (uncompressed, snappy) that Node decompresses itself. ZSTD and LZ4 would
 * need hyparquet-compressors, which is not a dependency: such files are refused with a way out.
 */
const NODE_DECOMPRESSORS: Compressors = {
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
};
const READABLE_CODECS = new Set<CompressionCodec>(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI']);

/**
 * Reads a Parquet file into typed columns: number columns (INT32, INT64, FLOAT, DOUBLE, DECIMAL) are
 * numeric, strings and booleans categorical, unless `types` says otherwise (a string column declared
 * numeric is read as CSV text is). Nulls are missing values. A file hyparquet cannot read, a column of
 * another type and an unsupported codec throw; bad values are returned as problems naming the row.
 */
export async function readParquetColumns(bytes: ArrayBuffer, file: string, types: ColumnTypes): Promise<DataTable> {
  const { parquetMetadata, parquetRead, parquetSchema } = await import('hyparquet');
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(bytes);
  } catch (error) {
    throw new UserFacingError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }
  const schema = parquetSchema(metadata).children;
  checkReadable(schema, metadata, file);
  const header = schema.map((column) => column.element.name);
  checkHeaderNames(header, file, 'schema');
  const rows = Number(metadata.num_rows);
  if (rows === 0) throw new UserFacingError(`${file}: no data rows`);

  const chunks = new Map<string, ColumnData[]>(header.map((name) => [name, []]));
  try {
    await parquetRead({ file: bytes, metadata, compressors: NODE_DECOMPRESSORS, onChunk: (chunk) => chunks.get(chunk.columnName)?.push(chunk) });
  } catch (error) {
    throw new UserFacingError(`${file}: not a readable Parquet file (${(error as Error).message})`);
  }

  const problems: string[] = [];
  const columns: Record<string, RawValues> = {};
  schema.forEach((column, index) => {
    const name = header[index];
    const kind = valueKind(column) as ParquetValueKind;
    const type: FeatureType = types[name] ?? (kind === 'number' ? 'numeric' : 'categorical');
    const data = chunks.get(name) ?? [];
    const values = type === 'numeric' ? numbers(data, rows, kind, `${file}: column "${name}"`, problems) : labels(data, rows);
    columns[name] = values;
    if (!hasUsableValue(values)) {
      problems.push(`${file}: column "${name}", ${rows === 1 ? 'row 1' : `rows 1–${rows}`}: no usable value (all null, empty, NaN or infinite)`);
    }
  });
  return { file, header, headerWhere: 'schema', columns, problems };
}

/** Every problem with the file's layout at once: unsupported column types and codecs. */
function checkReadable(schema: readonly SchemaTree[], metadata: FileMetaData, file: string): void {
  const problems = schema
    .filter((column) => valueKind(column) === undefined)
    .map((column) => `column "${column.element.name}" is ${describeType(column)}; drift compare reads numbers (INT32, INT64, FLOAT, DOUBLE, DECIMAL), strings and booleans`);
  const codecs = new Set(metadata.row_groups.flatMap((group) => group.columns.map((chunk) => chunk.meta_data?.codec ?? 'UNCOMPRESSED')));
  for (const codec of codecs) {
    if (!READABLE_CODECS.has(codec)) {
      problems.push(`compressed with ${codec}, which this reader cannot decompress (it reads ${[...READABLE_CODECS].join(', ')}); write the file with snappy, e.g. pandas' to_parquet(compression="snappy")`);
    }
  }
  if (problems.length > 0) throw new UserFacingError(problems.map((problem) => `${file}: ${problem}`).join('\n'));
}

/** Float64 values, NaN for null; strings parsed as CSV cells are, booleans refused. */
function numbers(chunks: readonly ColumnData[], rows: number, kind: ParquetValueKind, where: string, problems: string[]): Float64Array {
  const values = new Float64Array(rows);
  let firstBad: { row: number; value: unknown } | undefined;
  let badCount = 0;
  for (const { columnData, rowStart } of chunks) {
    if (columnData instanceof Float64Array || columnData instanceof Float32Array || columnData instanceof Int32Array) {
      values.set(columnData, rowStart);
      continue;
    }
    for (let k = 0; k < columnData.length; k++) {
      const cell: unknown = columnData[k];
      let value: number | undefined;
      if (cell === null || cell === undefined) value = Number.NaN;
      else if (kind === 'number') value = Number(cell);
      else if (kind === 'string') value = parseNumberText(cell as string);
      if (value === undefined) {
        if (badCount++ === 0) firstBad = { row: rowStart + k + 1, value: cell };
        value = Number.NaN;
      }
      values[rowStart + k] = value;
    }
  }
  if (firstBad !== undefined) {
    const more = badCount > 1 ? ` (${badCount - 1} more such values)` : '';
    problems.push(`${where}, row ${firstBad.row}: ${JSON.stringify(firstBad.value)} is not a number, and the column is numeric${more}`);
  }
  return values;
}

/** Labels as the drift service types JSON cells: text (empty, NA, … missing), numbers and booleans as their text. */
function labels(chunks: readonly ColumnData[], rows: number): (string | null)[] {
  const values = new Array<string | null>(rows).fill(null);
  for (const { columnData, rowStart } of chunks) {
    for (let k = 0; k < columnData.length; k++) {
      const cell: unknown = columnData[k];
      if (typeof cell === 'string') values[rowStart + k] = isMissingText(cell) ? null : cell;
      else if (typeof cell === 'number') values[rowStart + k] = Number.isNaN(cell) ? null : String(cell);
      else if (cell !== null && cell !== undefined) values[rowStart + k] = String(cell);
    }
  }
  return values;
}
