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
const LOWER_E = 101;
const UPPER_E = 69;
/** Powers of ten that are exact doubles. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** Integers below 2^53 are exact doubles; accumulating digits past it is inexact but stays at or above it. */
const EXACT_INTEGER_LIMIT = 2 ** 53;

/**
 * `parseNumberText(text.slice(start, end))`, without making the string when the cell is a plain decimal:
 * reading a 10^6-row file, the strings are most of the cost. A decimal whose digits form an integer below
 * 2^53, times a power of ten up to 10^±22, is one correctly rounded multiplication or division of exact doubles
 * (Clinger's fast path), so the result is the one `Number` gives; anything else goes through
 * `parseNumberText`.
 */
export function parseNumberSpan(text: string, start: number, end: number): number | undefined {
  if (start === end) return Number.NaN;
  let pos = start;
  const sign = text.charCodeAt(pos);
  if (sign === MINUS || sign === PLUS) pos++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let inFraction = false;
  for (; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    const digit = code - ZERO;
    if (digit >= 0 && digit <= 9) {
      digits++;
      if (inFraction) scale--;
      mantissa = mantissa * 10 + digit;
    } else if (code === DOT && !inFraction) {
      inFraction = true;
    } else {
      break;
    }
  }
  if (digits === 0) return parseNumberText(text.slice(start, end));
  if (pos < end) {
    const marker = text.charCodeAt(pos);
    if (marker !== LOWER_E && marker !== UPPER_E) return parseNumberText(text.slice(start, end));
    pos++;
    const exponentSign = pos < end ? text.charCodeAt(pos) : 0;
    if (exponentSign === MINUS || exponentSign === PLUS) pos++;
    const exponentStart = pos;
    let exponent = 0;
    for (; pos < end; pos++) {
      const digit = text.charCodeAt(pos) - ZERO;
      if (digit < 0 || digit > 9) return parseNumberText(text.slice(start, end));
      if (exponent < 1000) exponent = exponent * 10 + digit;
    }
    if (pos === exponentStart) return parseNumberText(text.slice(start, end));
    scale += exponentSign === MINUS ? -exponent : exponent;
  }
  if (mantissa >= EXACT_INTEGER_LIMIT || scale > 22 || scale < -22) return Number(text.slice(start, end));
  const magnitude = scale >= 0 ? mantissa * EXACT_POWERS_OF_TEN[scale] : mantissa / EXACT_POWERS_OF_TEN[-scale];
  return sign === MINUS ? -magnitude : magnitude;
}
