import { MAX_EXACT_POWER, scaleExactly } from './exact-decimal';

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
/** Significant digits held exactly in `head`, then in `tail`: 19 digits in all, enough for any writer's output. */
const HEAD_DIGITS = 15;
const MAX_DIGITS = 19;

/**
 * `parseNumberText(text.slice(start, end))`, without making the string when the cell is a plain decimal
 * of at most 19 significant digits and a power of ten up to 10^±22 (`scaleExactly` rounds it as `Number`
 * does): reading a 10^6-row file, the strings were most of the cost. Anything else goes through
 * `parseNumberText`.
 */
export function parseNumberSpan(text: string, start: number, end: number): number | undefined {
  if (start === end) return Number.NaN;
  let pos = start;
  const sign = text.charCodeAt(pos);
  if (sign === MINUS || sign === PLUS) pos++;
  let head = 0;
  let tail = 0;
  let significant = 0;
  let digits = 0;
  let scale = 0;
  let inFraction = false;
  for (; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    const digit = code - ZERO;
    if (digit >= 0 && digit <= 9) {
      digits++;
      if (inFraction) scale--;
      if (significant === 0 && digit === 0) continue;
      significant++;
      if (significant <= HEAD_DIGITS) head = head * 10 + digit;
      else if (significant <= MAX_DIGITS) tail = tail * 10 + digit;
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
  const tailDigits = Math.max(0, significant - HEAD_DIGITS);
  if (significant > MAX_DIGITS || Math.abs(scale) > MAX_EXACT_POWER) return Number(text.slice(start, end));
  const magnitude = head === 0 ? 0 : scaleExactly(head, tail, tailDigits, scale);
  if (magnitude === undefined) return Number(text.slice(start, end));
  return sign === MINUS ? -magnitude : magnitude;
}
