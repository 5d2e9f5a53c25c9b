import { UserFacingError } from '../../../core/exit-codes';
import { type ClassLabel, compareClassLabels } from '../metrics';

/**
 * The class of each probability column. The model's label output tells it: on every row whose highest
 * probability is unique, the label is that column's class. When some column is never the most probable,
 * the classes are taken in scikit-learn's order (its `classes_` are sorted, and converters keep that column
 * order) provided that order agrees with what the label output showed; `classes` in the policy overrides
 * all of this and is checked against the label output too.
 */
export function classOrder(
  probabilities: Float64Array,
  width: number,
  labels: readonly ClassLabel[] | undefined,
  truth: readonly ClassLabel[],
  declared: readonly ClassLabel[] | undefined,
  modelLabel: string,
): ClassLabel[] {
  const seen: (ClassLabel | undefined)[] = new Array(width).fill(undefined);
  if (labels !== undefined) {
    for (let row = 0; row < labels.length; row++) {
      const column = strictArgmax(probabilities, row, width);
      if (column < 0) continue;
      const previous = seen[column];
      if (previous !== undefined && previous !== labels[row]) {
        throw new UserFacingError(
          `${modelLabel}: its label output does not follow its probabilities: rows where column ${column} is the most probable are labelled both ${show(previous)} and ${show(labels[row]!)}; name the outputs in the policy (outputs.label, outputs.probabilities)`,
        );
      }
      seen[column] = labels[row];
    }
  }
  const disagreement = (classes: readonly ClassLabel[]) => seen.findIndex((label, column) => label !== undefined && label !== classes[column]);
  if (declared !== undefined) {
    if (declared.length !== width) throw new UserFacingError(`policy classes lists ${declared.length} classes but ${modelLabel} outputs ${width} probability columns`);
    const column = disagreement(declared);
    if (column >= 0) {
      throw new UserFacingError(`policy classes says column ${column} is ${show(declared[column]!)}, but ${modelLabel} labels the rows where that column is the most probable ${show(seen[column]!)}`);
    }
    return [...declared];
  }
  const known = new Set<ClassLabel>([...truth, ...seen.filter((label): label is ClassLabel => label !== undefined)]);
  const sorted = [...known].sort(compareClassLabels);
  if (sorted.length === width && disagreement(sorted) < 0) return sorted;
  if (seen.every((label) => label !== undefined)) return seen as ClassLabel[];
  throw new UserFacingError(
    `${modelLabel}: cannot tell the class of each of its ${width} probability columns (the holdout and the label output show ${sorted.length} classes: ${sorted.map(show).join(', ')}); list them in the policy's classes, in column order`,
  );
}

/** The column with the highest probability, or -1 on a tie (the label output may break ties either way). */
function strictArgmax(values: Float64Array, row: number, width: number): number {
  let best = 0;
  let tied = false;
  for (let column = 1; column < width; column++) {
    const value = values[row * width + column]!;
    const top = values[row * width + best]!;
    if (value > top) {
      best = column;
      tied = false;
    } else if (value === top) {
      tied = true;
    }
  }
  return tied ? -1 : best;
}

function show(label: ClassLabel): string {
  return typeof label === 'string' ? JSON.stringify(label) : String(label);
}
