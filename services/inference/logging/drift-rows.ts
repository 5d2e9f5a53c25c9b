import type { NamedTensor } from '../tensor';
import type { ModelColumns } from './drift-column-map';
import { type DriftCell, tensorRows } from './tensor-rows';

/** A row as the drift service takes it in JSON: column name to cell. */
export type DriftRow = Record<string, DriftCell>;

/** The column drift's prediction-drift verdict reads (the reference declares it `role: prediction`). */
export const PREDICTION_COLUMN = 'prediction';

/** A request whose tensors do not fit the model's column mapping; its rows are dropped, the message logged once per model. */
export class DriftMappingError extends Error {}

export interface DriftRowsInput {
  readonly inputs: readonly NamedTensor[];
  readonly outputs: readonly NamedTensor[];
  /** @default - the default mapping (see ModelColumns) */
  readonly columns?: ModelColumns;
  /** Column names, or tensor names (all of its columns), never sent. */
  readonly drop: ReadonlySet<string>;
}

/**
 * The drift rows of one request: one per row of its batch, with the inputs' and outputs' columns and
 * `prediction`, the prediction output's value (its index of the largest value when it has several per
 * row: the predicted class of a score vector). Dropped columns are never built.
 */
export function driftRows({ inputs, outputs, columns, drop }: DriftRowsInput): DriftRow[] {
  const predictionOutput = columns?.prediction ?? outputs[0]?.name;
  const prediction = outputs.find((output) => output.name === predictionOutput);
  if (predictionOutput !== undefined && prediction === undefined) {
    throw new DriftMappingError(`prediction: the model has no output '${predictionOutput}' (its outputs: ${outputs.map((output) => output.name).join(', ')})`);
  }
  checkMappedTensors('inputs', columns?.inputs, inputs);
  checkMappedTensors('outputs', columns?.outputs, outputs);

  const parts: { names: readonly string[]; rows: DriftCell[][] }[] = [];
  for (const [kind, tensors] of [['inputs', inputs], ['outputs', outputs]] as const) {
    for (const tensor of tensors) {
      if (tensor === prediction || drop.has(tensor.name)) continue;
      const rows = tensorRows(tensor);
      parts.push({ names: columnNames(kind, tensor, rows[0]?.length ?? 0, columns?.[kind]?.[tensor.name]), rows });
    }
  }
  if (prediction !== undefined) parts.push({ names: [PREDICTION_COLUMN], rows: tensorRows(prediction).map((cells) => [predictedValue(prediction.name, cells)]) });

  const rowCount = parts[0]?.rows.length ?? 0;
  const mismatch = parts.find((part) => part.rows.length !== rowCount);
  if (mismatch) throw new DriftMappingError(`column ${mismatch.names[0]}: ${mismatch.rows.length} rows, but ${parts[0]!.names[0]} has ${rowCount}; every input and output must have the batch's rows first`);
  const seen = new Set<string>();
  for (const name of parts.flatMap((part) => part.names)) {
    if (seen.has(name)) throw new DriftMappingError(`two tensors give the column '${name}'; name the columns in --drift-columns`);
    seen.add(name);
  }
  return Array.from({ length: rowCount }, (_, row) => {
    const result: DriftRow = {};
    for (const part of parts) {
      part.names.forEach((name, column) => {
        if (!drop.has(name)) result[name] = part.rows[row]![column]!;
      });
    }
    return result;
  });
}

function columnNames(kind: 'inputs' | 'outputs', tensor: NamedTensor, width: number, mapped: readonly string[] | undefined): readonly string[] {
  if (mapped !== undefined) {
    if (mapped.length !== width) throw new DriftMappingError(`${kind}.${tensor.name}: ${mapped.length} column names for ${width} values per row (shape [${tensor.shape.join(', ')}])`);
    return mapped;
  }
  return tensor.shape.length <= 1 ? [tensor.name] : Array.from({ length: width }, (_, index) => `${tensor.name}_${index}`);
}

function checkMappedTensors(kind: 'inputs' | 'outputs', mapped: Readonly<Record<string, readonly string[]>> | undefined, tensors: readonly NamedTensor[]): void {
  for (const name of Object.keys(mapped ?? {})) {
    if (!tensors.some((tensor) => tensor.name === name)) {
      throw new DriftMappingError(`${kind}.${name}: the model has no such ${kind === 'inputs' ? 'input' : 'output'} (its ${kind}: ${tensors.map((tensor) => tensor.name).join(', ')})`);
    }
  }
}

/** One value: itself; a score vector: the index of its largest score (the first on ties, as argmax does). */
function predictedValue(output: string, cells: readonly DriftCell[]): DriftCell {
  if (cells.length === 1) return cells[0]!;
  if (cells.length === 0 || typeof cells[0] === 'string') {
    throw new DriftMappingError(`prediction: output '${output}' has ${cells.length === 0 ? 'no value' : 'several labels'} per row; name the output that holds the prediction in --drift-columns (models.<model>.prediction)`);
  }
  let best = 0;
  for (let index = 1; index < cells.length; index++) if ((cells[index] as number) > (cells[best] as number)) best = index;
  return best;
}
