import { describeValue, invalid } from './invalid';

/**
 * The most elements a tensor may hold: 2^31 - 1. onnxruntime-node and Node 20 cannot hold more in one tensor
 * (a BYTES tensor is a JS array, and Node 20's Buffers stop at 4 GiB, which 2^31 two-byte elements already
 * fill), so a larger shape can only be a mistake; the cap also keeps the running product of the dimensions an
 * exact integer.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;
/** The most dimensions a shape may have: numpy's limit (NPY_MAXDIMS, 64 since numpy 2). */
export const MAX_TENSOR_RANK = 64;

/** `value` as a tensor shape, or a ServiceError naming `what` (e.g. `input "x"`) and the dimension at fault. */
export function readShape(value: unknown, what: string): number[] {
  if (!Array.isArray(value)) throw invalid(`${what}: "shape" must be an array of non-negative integers, found ${describeValue(value)}`);
  if (value.length > MAX_TENSOR_RANK) throw invalid(`${what}: "shape" has ${value.length} dimensions, at most ${MAX_TENSOR_RANK} are allowed`);
  let count = 1;
  for (let index = 0; index < value.length; index += 1) {
    const dim: unknown = value[index];
    const exact = typeof dim === 'bigint' ? undefined : dim;
    if (typeof exact !== 'number' || !Number.isInteger(exact) || exact < 0) {
      throw invalid(`${what}: shape[${index}] must be a non-negative integer, found ${describeValue(dim)}`);
    }
    count *= exact;
    if (exact > MAX_TENSOR_ELEMENTS || count > MAX_TENSOR_ELEMENTS) {
      throw invalid(`${what}: shape ${formatShape(value)} holds more than ${MAX_TENSOR_ELEMENTS} (2^31 - 1) elements, the most one tensor may hold`);
    }
  }
  // A fresh array, with JSON's -0 as 0.
  return value.map((dim: number) => dim + 0);
}

/** A shape as messages show it: `[2,4]`. */
export function formatShape(shape: readonly unknown[]): string {
  return `[${shape.map((dim) => describeValue(dim)).join(',')}]`;
}
