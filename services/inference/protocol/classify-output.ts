import { elementCount, type NamedTensor, type TensorData } from '../tensor';
import { fixedSixDecimals } from './fixed-six-decimals';
import { invalid } from './invalid';

/** How the model's output is laid out and labelled, from its configuration. */
export interface ClassificationOptions {
  /** Whether the output's first dimension is the batch (Triton: the model's max_batch_size is above 0). */
  readonly batched: boolean;
  /** The class labels, by index (Triton: the output's label_filename). @default - strings carry no label */
  readonly labels?: readonly string[];
}

/** Triton's limit on the elements ranked per batch item, against pathological memory and CPU use. */
const MAX_CLASSIFICATION_ELEMENTS = 1_000_000;

/**
 * Triton's classification extension: an output replaced by its `count` highest-valued elements per batch item,
 * as a BYTES tensor of "<value>:<index>[:<label>]" strings, shape [batch, n] (or [n] unbatched) where n is
 * `count` or the item's element count if smaller. Values are written as Triton's std::to_string writes them
 * (six decimals for floats). Ties keep index order; NaN ranks last. FP16, BOOL and BYTES outputs are refused,
 * as Triton refuses them.
 */
export function classifyOutput(output: NamedTensor, count: number, options: ClassificationOptions): NamedTensor {
  if (output.datatype === 'BOOL' || output.datatype === 'BYTES' || output.datatype === 'FP16') {
    throw invalid(`output "${output.name}": classification is not available for ${output.datatype} outputs; it ranks integer, FP32 and FP64 outputs`);
  }
  const batch = options.batched ? (output.shape[0] ?? 1) : 1;
  const perItem = options.batched ? elementCount(output.shape.slice(1)) : elementCount(output.shape);
  if (perItem > MAX_CLASSIFICATION_ELEMENTS) {
    throw invalid(`output "${output.name}": classification ranks at most ${MAX_CLASSIFICATION_ELEMENTS} elements per batch item, this output has ${perItem}`);
  }
  const kept = Math.min(count, perItem);
  const strings: string[] = [];
  for (let item = 0; item < batch; item += 1) {
    const start = item * perItem;
    const order = Array.from({ length: perItem }, (_, index) => index);
    order.sort((a, b) => compareDescending(valueAt(output.data, start + a), valueAt(output.data, start + b)));
    for (const index of order.slice(0, kept)) {
      const label = options.labels?.[index];
      strings.push(`${valueText(output, start + index)}:${index}${label === undefined ? '' : `:${label}`}`);
    }
  }
  return { name: output.name, datatype: 'BYTES', shape: options.batched ? [batch, kept] : [kept], data: strings };
}

function valueAt(data: TensorData, index: number): number | bigint {
  return (data as ArrayLike<number | bigint>)[index];
}

function compareDescending(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && Number.isNaN(a);
  const bNaN = typeof b === 'number' && Number.isNaN(b);
  if (aNaN || bNaN) return Number(aNaN) - Number(bNaN);
  return a > b ? -1 : a < b ? 1 : 0;
}

/** By datatype, not the array's class: arrays from a model's worker thread may come from another realm. */
function valueText(output: NamedTensor, index: number): string {
  const value = valueAt(output.data, index);
  return output.datatype === 'FP32' || output.datatype === 'FP64' ? fixedSixDecimals(value as number) : value.toString();
}
