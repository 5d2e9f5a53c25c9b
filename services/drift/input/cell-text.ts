/**
 * How a text cell reads, shared by `plinth drift compare` (CSV files) and the drift service (CSV
 * uploads and JSON rows), so that a value means the same to both.
 */

/** Text read as missing, as pandas' `read_csv` reads it by default (the common ones). */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', '<NA>', 'NaN', 'nan', 'null', 'NULL', 'None']);
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITE = /^([+-]?)(?:inf|infinity)$/i;

export function isMissingText(cell: string): boolean {
  return MISSING.has(cell.trim());
}

/** NaN for a missing cell, ±Infinity for inf/Infinity, undefined for anything that is not a number. */
export function parseNumberText(cell: string): number | undefined {
  const text = cell.trim();
  if (MISSING.has(text)) return Number.NaN;
  if (DECIMAL.test(text)) return Number(text);
  const infinite = INFINITE.exec(text);
  if (infinite) return infinite[1] === '-' ? -Infinity : Infinity;
  return undefined;
}
