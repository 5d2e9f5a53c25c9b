import type { RawValues } from '../sample';
import { isMissingText, parseNumberSpan } from './cell-text';

/** Where a column's cells go as the scanner reads them: numbers, labels, or numbers until a label shows. */
export interface ColumnCells {
  add(text: string, start: number, end: number): void;
  /** The column's values; undefined when this pass did not read them (see `InferredCells`). */
  result(): RawValues | undefined;
}

/** A numeric column: float64 values, NaN for missing; the first text that is not a number is kept for the message. */
export class NumericCells implements ColumnCells {
  private values = new Float64Array(4096);
  length = 0;
  /** Offset in the file's text of the first cell that is not a number, -1 if none. */
  firstBadPosition = -1;
  firstBadText = '';
  badCount = 0;

  add(text: string, start: number, end: number): void {
    let value = parseNumberSpan(text, start, end);
    if (value === undefined) {
      if (this.badCount++ === 0) {
        this.firstBadPosition = start;
        this.firstBadText = text.slice(start, end);
      }
      value = Number.NaN;
    }
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  result(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** A categorical column: the cell texts, null for missing. */
export class LabelCells implements ColumnCells {
  readonly labels: (string | null)[];

  constructor(missingBefore = 0) {
    this.labels = new Array<string | null>(missingBefore).fill(null);
  }

  add(text: string, start: number, end: number): void {
    const label = text.slice(start, end);
    this.labels.push(isMissingText(label) ? null : label);
  }

  result(): (string | null)[] {
    return this.labels;
  }
}

/**
 * A column without a declared type: numeric while every cell is a number or missing. A label after only
 * missing cells makes it categorical on the spot; a label after numbers needs the earlier cells' text, so
 * the column stops here and `needsRereading` asks for a second pass with `LabelCells`.
 */
export class InferredCells implements ColumnCells {
  private numbers: NumericCells | undefined = new NumericCells();
  private labels: LabelCells | undefined;
  needsRereading = false;

  add(text: string, start: number, end: number): void {
    if (this.labels) {
      this.labels.add(text, start, end);
      return;
    }
    const numbers = this.numbers;
    if (numbers === undefined) return;
    numbers.add(text, start, end);
    if (numbers.badCount === 0) return;
    if (numbers.result().every(Number.isNaN)) {
      this.labels = new LabelCells(numbers.length - 1);
      this.labels.add(text, start, end);
    } else {
      this.needsRereading = true;
    }
    this.numbers = undefined;
  }

  result(): RawValues | undefined {
    return this.labels?.result() ?? this.numbers?.result();
  }
}

/** A column the second pass does not need. */
export class IgnoredCells implements ColumnCells {
  add(): void {}

  result(): undefined {
    return undefined;
  }
}
