import { isMissingText, parseNumberText } from './cell-text';

/** An embedding: finite components, as many as the column's dimensions. */
export type Vector = readonly number[];

/** Why a cell of an embedding column cannot be read as a vector of the column's dimensions. */
export type VectorProblem =
  | { readonly kind: 'not_a_vector' }
  | { readonly kind: 'wrong_dimensions'; readonly found: number }
  | { readonly kind: 'not_a_number'; readonly component: number; readonly value: unknown };

/**
 * The components of an embedding cell, unchecked: a JSON array, or CSV text in brackets or not, separated
 * by commas or spaces (`[0.1, 0.2]` as pandas writes a list, `[0.1 0.2]` as numpy prints an array). Null
 * for a missing cell; undefined for anything else (a number, a boolean).
 */
export function vectorComponents(raw: unknown): readonly unknown[] | null | undefined {
  if (raw === null) return null;
  if (Array.isArray(raw)) return raw;
  if (typeof raw !== 'string') return undefined;
  if (isMissingText(raw)) return null;
  const inner = /^\s*\[(.*)\]\s*$/s.exec(raw)?.[1] ?? raw;
  return inner.trim() === '' ? [] : inner.trim().split(/\s*,\s*|\s+/);
}

/**
 * An embedding cell as a vector of `dimensions` finite numbers; null (dropped and counted, as a missing
 * number is) when missing or when a component is missing, NaN or infinite.
 */
export function vectorCell(raw: unknown, dimensions: number): { readonly cell: Vector | null } | { readonly problem: VectorProblem } {
  const components = vectorComponents(raw);
  if (components === null) return { cell: null };
  if (components === undefined || components.length === 0) return { problem: { kind: 'not_a_vector' } };
  if (components.length !== dimensions) return { problem: { kind: 'wrong_dimensions', found: components.length } };
  const vector = new Array<number>(dimensions);
  let finite = true;
  for (let c = 0; c < dimensions; c++) {
    const value = componentValue(components[c]);
    if (value === undefined) return { problem: { kind: 'not_a_number', component: c + 1, value: components[c] } };
    vector[c] = value;
    finite &&= Number.isFinite(value);
  }
  return { cell: finite ? vector : null };
}

/** A component as numbers read everywhere else: JSON numbers and null, or text that reads as a number. */
function componentValue(value: unknown): number | undefined {
  if (value === null) return Number.NaN;
  if (typeof value === 'number') return value;
  return typeof value === 'string' ? parseNumberText(value) : undefined;
}

/**
 * A problem in words, to follow `column "query", row 3: `; `dimensionsSource` says where the expected
 * dimensions come from ("the reference's vectors have 4").
 */
export function vectorProblemText(raw: unknown, problem: VectorProblem, dimensionsSource: string): string {
  if (problem.kind === 'wrong_dimensions') return `${problem.found} components, but ${dimensionsSource}`;
  if (problem.kind === 'not_a_number') return `component ${problem.component} is ${JSON.stringify(problem.value) ?? String(problem.value)}, not a number`;
  return `${JSON.stringify(raw)} is not a vector; an embedding column holds arrays of numbers, such as [0.12, -0.5, 0.33]`;
}
