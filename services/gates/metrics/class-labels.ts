import { MetricsInputError } from './metrics-input-error';

/** A class as the model and the evaluation data name it: an integer or a string (never a mix). */
export type ClassLabel = number | string;

/** Labels numbered by class: `codes[row]` indexes `classes`. */
export interface EncodedLabels {
  readonly classes: readonly ClassLabel[];
  readonly codes: Int32Array;
}

/** Array argument named for error messages. */
export interface NamedLabels {
  readonly name: string;
  readonly values: readonly ClassLabel[];
}

/**
 * scikit-learn's class order (`numpy.unique`): integers ascending, strings by Unicode code point. It decides
 * which class is "positive" by default in binary ROC AUC, as the greater label is in sklearn.
 */
export function compareClassLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareByCodePoint(String(a), String(b));
}

/** JavaScript compares UTF-16 units; numpy compares code points, so a surrogate pair sorts above U+E000–U+FFFF. */
function compareByCodePoint(a: string, b: string): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xAstral = x >= 0xd800 && x <= 0xdfff;
    const yAstral = y >= 0xd800 && y <= 0xdfff;
    if (xAstral !== yAstral) return xAstral ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

export function formatClasses(classes: readonly ClassLabel[]): string {
  const shown = classes.slice(0, 10).map(describeValue).join(', ');
  return `[${shown}${classes.length > 10 ? `, … ${classes.length - 10} more` : ''}]`;
}

function checkLabel(value: unknown, name: string, row: number, kind: { first?: 'number' | 'string' }): void {
  const valid = typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));
  if (!valid) {
    throw new MetricsInputError(
      `${name}[${row}] is ${describeValue(value)}: class labels must be integers or strings`,
    );
  }
  const type = typeof value as 'number' | 'string';
  kind.first ??= type;
  if (type !== kind.first) {
    throw new MetricsInputError(
      `${name}[${row}] is the ${type} ${describeValue(value)} but earlier labels are ${kind.first}s: ` +
        'use one kind of label throughout (scikit-learn refuses a mix of strings and numbers too)',
    );
  }
}

/**
 * Numbers the classes found across all arrays (sklearn's `unique_labels`: their union, sorted) and encodes each
 * array against them. One Map lookup per row, no allocation per row.
 */
export function encodeLabelUnion(arrays: readonly NamedLabels[]): { classes: ClassLabel[]; codes: Int32Array[] } {
  const firstSeen = new Map<ClassLabel, number>();
  const kind: { first?: 'number' | 'string' } = {};
  const codes = arrays.map(({ name, values }) => {
    const out = new Int32Array(values.length);
    for (let row = 0; row < values.length; row++) {
      const label = values[row];
      let code = firstSeen.get(label);
      if (code === undefined) {
        checkLabel(label, name, row, kind);
        code = firstSeen.size;
        firstSeen.set(label, code);
      }
      out[row] = code;
    }
    return out;
  });
  const classes = [...firstSeen.keys()].sort(compareClassLabels);
  const sortedCode = new Int32Array(classes.length);
  classes.forEach((label, sorted) => (sortedCode[firstSeen.get(label)!] = sorted));
  for (const out of codes) for (let row = 0; row < out.length; row++) out[row] = sortedCode[out[row]];
  return { classes, codes };
}

/** Checks a model's class list: valid labels, one kind, no duplicates. */
export function checkClassList(classes: readonly ClassLabel[], name: string): void {
  const kind: { first?: 'number' | 'string' } = {};
  const seen = new Set<ClassLabel>();
  classes.forEach((label, index) => {
    checkLabel(label, name, index, kind);
    if (seen.has(label)) {
      throw new MetricsInputError(`${name} lists ${describeValue(label)} twice: each probability column is one class`);
    }
    seen.add(label);
  });
}

/** Encodes labels against a known class list (a model's columns); a label outside it is an input error. */
export function encodeAgainstClasses(labels: NamedLabels, classes: readonly ClassLabel[]): Int32Array {
  const index = new Map<ClassLabel, number>(classes.map((label, column) => [label, column]));
  const codes = new Int32Array(labels.values.length);
  for (let row = 0; row < codes.length; row++) {
    const code = index.get(labels.values[row]);
    if (code === undefined) {
      throw new MetricsInputError(
        `${labels.name}[${row}] is ${describeValue(labels.values[row])}, which is not one of the model's classes ` +
          `${formatClasses(classes)}`,
      );
    }
    codes[row] = code;
  }
  return codes;
}

export function checkSameLength(first: { name: string; length: number }, second: { name: string; length: number }): void {
  if (first.length !== second.length) {
    throw new MetricsInputError(
      `${first.name} has ${first.length} rows but ${second.name} has ${second.length}: they must describe the same rows`,
    );
  }
}
