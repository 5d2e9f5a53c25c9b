import { isMissingText, parseNumberText } from '../input/cell-text';
import type { Vector } from '../input/embedding-cells';

/** A cell as it arrives: text from CSV, a JSON scalar from rows, or a JSON array in an embedding column. */
export type RawCell = string | number | boolean | null | readonly unknown[];

/**
 * A cell once typed by its column: a finite number, a label, a vector (embedding columns), or null for a
 * value the comparison drops (missing, NaN, ±Infinity) and counts. Plain JSON, so that any store can keep it as it is.
 */
export type Cell = number | string | Vector | null;

/** The cell of a numeric column: a finite number, null when dropped, undefined when it is not a number. */
export function numericCell(raw: RawCell): number | null | undefined {
  if (raw === null) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return undefined;
  const value = parseNumberText(raw);
  if (value === undefined) return undefined;
  return Number.isFinite(value) ? value : null;
}

/** The cell of a categorical column: numbers and booleans become their text, as they would in a CSV. */
export function labelCell(raw: RawCell): string | null {
  if (raw === null) return null;
  if (typeof raw === 'string') return isMissingText(raw) ? null : raw;
  return String(raw);
}
