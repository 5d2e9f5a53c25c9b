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

const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
/** After a leading 0, `Number` also reads hexadecimal, octal and binary: 0x1f, 0o17, 0b11. */
const RADIX_LETTERS = new Set(['x', 'X', 'o', 'O', 'b', 'B']);

/**
 * `parseNumberText(text.slice(start, end))`, with one string and no regular expression for a cell that
 * starts like a decimal: reading a 10^6-row file, that is most of the work. Such a cell (no leading space,
 * no radix prefix) that `Number` reads is a decimal or ±Infinity with trailing space, which is what
 * `parseNumberText` reads too; every other cell goes through `parseNumberText`.
 */
export function parseNumberSpan(text: string, start: number, end: number): number | undefined {
  if (start === end) return Number.NaN;
  const cell = text.slice(start, end);
  const first = text.charCodeAt(start);
  const decimalStart =
    first === DOT || first === PLUS || first === MINUS || (first >= ZERO && first <= NINE && !(first === ZERO && RADIX_LETTERS.has(cell.charAt(1))));
  if (decimalStart) {
    const value = Number(cell);
    if (!Number.isNaN(value)) return value;
  }
  return parseNumberText(cell);
}
