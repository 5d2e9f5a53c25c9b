import type { SchemaTree } from 'hyparquet' with { 'resolution-mode': 'import' };

/** What a Parquet column holds, as the comparison reads it. */
export type ParquetValueKind = 'number' | 'string' | 'boolean';

const INTEGER_ANNOTATIONS = new Set([undefined, 'INT_8', 'INT_16', 'INT_32', 'INT_64', 'UINT_8', 'UINT_16', 'UINT_32', 'UINT_64', 'DECIMAL']);
const STRING_ANNOTATIONS = new Set([undefined, 'UTF8', 'ENUM', 'STRING']);

/**
 * The kind of a top-level Parquet column, or undefined for what the comparison cannot use as a column of
 * numbers or labels: nested columns (lists, maps, structs), dates, times, timestamps, JSON, UUIDs, bytes.
 */
export function valueKind(column: SchemaTree): ParquetValueKind | undefined {
  const { element } = column;
  if (column.children.length > 0 || element.repetition_type === 'REPEATED') return undefined;
  const converted = element.converted_type;
  const logical = element.logical_type?.type;
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    case 'INT32':
    case 'INT64':
      return INTEGER_ANNOTATIONS.has(converted) && (logical === undefined || logical === 'INTEGER' || logical === 'DECIMAL') ? 'number' : undefined;
    case 'BYTE_ARRAY':
      if (converted === 'DECIMAL') return 'number';
      return STRING_ANNOTATIONS.has(converted) && STRING_ANNOTATIONS.has(logical) ? 'string' : undefined;
    case 'FIXED_LEN_BYTE_ARRAY':
      return converted === 'DECIMAL' || logical === 'DECIMAL' || logical === 'FLOAT16' ? 'number' : undefined;
    default:
      return undefined;
  }
}

/** "INT64 (TIMESTAMP)", "list", for messages. */
export function describeType(column: SchemaTree): string {
  const { element } = column;
  if (column.children.length > 0) return element.converted_type === 'LIST' || element.logical_type?.type === 'LIST' ? 'a list' : 'a nested group';
  if (element.repetition_type === 'REPEATED') return `a repeated ${element.type}`;
  const annotation = element.logical_type?.type ?? element.converted_type;
  return annotation === undefined ? String(element.type) : `${element.type} (${annotation})`;
}
