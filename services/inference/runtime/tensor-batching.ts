import { elementCount, type HostTensor, type TensorData } from '../tensor';

type TypedData = Exclude<TensorData, string[]>;
type TypedDataConstructor = new (length: number) => TypedData;

/**
 * The data in an array that owns its whole buffer, which can then be transferred to another thread
 * without detaching anything else: a view into a larger buffer (a request body, Node's Buffer pool)
 * is copied out first.
 */
export function ownedData(data: TensorData): TensorData {
  if (Array.isArray(data)) return data;
  const owns = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && !(data.buffer instanceof SharedArrayBuffer);
  return owns ? data : data.slice();
}

/**
 * The parts' data one after the other in a new array of the same kind: the batch's tensor for one
 * input, the requests' rows concatenated along the first dimension. The new array always owns its
 * buffer, so the caller's arrays stay untouched when the batch is transferred.
 */
export function concatenateData(parts: readonly TensorData[]): TensorData {
  const first = parts[0];
  if (first === undefined) throw new RangeError('concatenateData needs at least one part');
  if (Array.isArray(first)) return (parts as readonly string[][]).flat();
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new (first.constructor as TypedDataConstructor)(total);
  let at = 0;
  for (const part of parts as readonly TypedData[]) {
    // Each set() copies between arrays of the same kind; bigint and number arrays never mix here.
    (joined as { set(array: ArrayLike<unknown>, offset: number): void }).set(part, at);
    at += part.length;
  }
  return joined;
}

/**
 * Splits a batch's output back into the requests' outputs, in order: the first `rows[0]` rows to the
 * first request, and so on. Throws when the output has no leading batch dimension of the batch's
 * size, which a model that is meant to batch must keep.
 */
export function splitRows(output: HostTensor, rows: readonly number[]): HostTensor[] {
  const total = rows.reduce((sum, count) => sum + count, 0);
  if (output.shape.length === 0 || output.shape[0] !== total) {
    throw new RangeError(`its shape [${output.shape.join(',')}] has no leading batch dimension of the batch's ${total} rows`);
  }
  const rowSize = elementCount(output.shape.slice(1));
  let at = 0;
  return rows.map((count) => {
    const data = output.data.slice(at * rowSize, (at + count) * rowSize) as TensorData;
    at += count;
    return { datatype: output.datatype, shape: [count, ...output.shape.slice(1)], data };
  });
}
