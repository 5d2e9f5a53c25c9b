import type { Tensor } from 'onnxruntime-node';

/**
 * The tensor datatypes of the KServe v2 / Open Inference Protocol, as Triton names them. Every one
 * maps to an onnxruntime element type; BYTES carries strings (UTF-8 on the wire).
 */
export const V2_DATATYPES = ['BOOL', 'UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64', 'FP16', 'FP32', 'FP64', 'BYTES'] as const;
export type V2Datatype = (typeof V2_DATATYPES)[number];

/** The element storage of a tensor: what onnxruntime-node takes and gives for each element type. */
export type TensorData =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array
  | string[];

/**
 * A tensor outside onnxruntime: what the protocol codecs produce and consume, and what crosses to a
 * model's worker thread (typed arrays transfer without a copy; onnxruntime's Tensor cannot cross).
 * `data` holds the elements in row-major order, `shape`'s product of them.
 */
export interface HostTensor {
  readonly datatype: V2Datatype;
  readonly shape: readonly number[];
  readonly data: TensorData;
}

/** A named tensor, as a request's inputs and a response's outputs hold them. */
export interface NamedTensor extends HostTensor {
  readonly name: string;
}

interface DatatypeInfo {
  /** onnxruntime's element type. */
  readonly ort: Tensor.Type;
  /** Bytes per element in the binary extension; BYTES elements carry their own 4-byte length. */
  readonly bytes: number | undefined;
}

/**
 * Per v2 datatype, onnxruntime's element type and its size. BOOL elements are one byte (0 or 1),
 * FP16 elements the IEEE half's 16 bits, both as onnxruntime-node stores them.
 */
export const DATATYPE_INFO: Readonly<Record<V2Datatype, DatatypeInfo>> = {
  BOOL: { ort: 'bool', bytes: 1 },
  UINT8: { ort: 'uint8', bytes: 1 },
  UINT16: { ort: 'uint16', bytes: 2 },
  UINT32: { ort: 'uint32', bytes: 4 },
  UINT64: { ort: 'uint64', bytes: 8 },
  INT8: { ort: 'int8', bytes: 1 },
  INT16: { ort: 'int16', bytes: 2 },
  INT32: { ort: 'int32', bytes: 4 },
  INT64: { ort: 'int64', bytes: 8 },
  FP16: { ort: 'float16', bytes: 2 },
  FP32: { ort: 'float32', bytes: 4 },
  FP64: { ort: 'float64', bytes: 8 },
  BYTES: { ort: 'string', bytes: undefined },
};

/** The number of elements a shape holds (1 for a scalar's empty shape). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, dim) => count * dim, 1);
}
