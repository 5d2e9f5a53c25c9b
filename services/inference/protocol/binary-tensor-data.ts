import { DATATYPE_INFO, elementCount, type TensorData, type V2Datatype } from '../tensor';
import { invalid } from './invalid';
import { formatShape } from './tensor-shape';

/*
 * Tensor elements in Triton's binary tensor data extension: little-endian, row-major, no padding; BOOL one byte
 * (0 or 1); BYTES each element as a 4-byte little-endian length and its bytes. Fixed-size elements are read as
 * views over the request body where its offset is aligned to the element size (typed arrays require that) and
 * copied otherwise. Views use the platform's byte order: every platform Node runs Plinth on is little-endian.
 */

type FixedSizeArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Exclude<TensorData, string[]>;

const FIXED_SIZE_ARRAYS: Readonly<Record<Exclude<V2Datatype, 'BYTES'>, FixedSizeArrayConstructor>> = {
  BOOL: Uint8Array,
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  UINT64: BigUint64Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
  INT64: BigInt64Array,
  FP16: Uint16Array,
  FP32: Float32Array,
  FP64: Float64Array,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The elements of an input sent as binary data: `bytes` is its `binary_data_size` bytes, found at `bodyOffset`
 * of the request body (for messages). `what` names the input.
 */
export function readBinaryData(what: string, datatype: V2Datatype, shape: readonly number[], bytes: Uint8Array, bodyOffset: number): TensorData {
  const count = elementCount(shape);
  if (datatype === 'BYTES') return readBinaryStrings(what, shape, count, bytes, bodyOffset);
  const size = DATATYPE_INFO[datatype].bytes ?? 1;
  if (bytes.byteLength !== count * size) {
    throw invalid(
      `${what}: binary_data_size is ${bytes.byteLength} bytes, but shape ${formatShape(shape)} of ${datatype} needs ${count * size} (${count} elements of ${size} byte${size === 1 ? '' : 's'})`,
    );
  }
  if (datatype === 'BOOL') {
    const wrong = bytes.findIndex((byte) => byte > 1);
    if (wrong >= 0) throw invalid(`${what}: BOOL element ${wrong} (body offset ${bodyOffset + wrong}) is ${bytes[wrong]}; a BOOL byte is 0 (false) or 1 (true)`);
  }
  // A copy into a new ArrayBuffer starts at offset 0 (Buffer.slice would be another view, no better aligned).
  const aligned = bytes.byteOffset % size === 0 ? bytes : new Uint8Array(bytes);
  return new FIXED_SIZE_ARRAYS[datatype](aligned.buffer, aligned.byteOffset, count);
}

function readBinaryStrings(what: string, shape: readonly number[], count: number, bytes: Uint8Array, bodyOffset: number): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings = new Array<string>(count);
  let offset = 0;
  for (let index = 0; index < count; index += 1) {
    if (offset + 4 > bytes.byteLength) {
      throw invalid(`${what}: BYTES element ${index} of ${count} (shape ${formatShape(shape)}) needs a 4-byte length at body offset ${bodyOffset + offset}, but binary_data_size ends there`);
    }
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.byteLength) {
      throw invalid(`${what}: BYTES element ${index} is ${length} bytes long at body offset ${bodyOffset + offset}, beyond the input's binary_data_size of ${bytes.byteLength}`);
    }
    try {
      strings[index] = utf8.decode(bytes.subarray(offset, offset + length));
    } catch {
      throw invalid(`${what}: BYTES element ${index} (body offset ${bodyOffset + offset}) is not valid UTF-8; Plinth's BYTES tensors carry text`);
    }
    offset += length;
  }
  if (offset !== bytes.byteLength) {
    throw invalid(`${what}: ${bytes.byteLength - offset} bytes are left over after the ${count} BYTES elements of shape ${formatShape(shape)} (body offset ${bodyOffset + offset}); binary_data_size should be ${offset}`);
  }
  return strings;
}

/** A tensor's elements in the binary extension's layout: a view of a typed array's memory, or one new Buffer for BYTES. */
export function writeBinaryData(data: TensorData): Buffer {
  if (!Array.isArray(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  for (const text of data) total += 4 + Buffer.byteLength(text, 'utf8');
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const text of data) {
    const length = out.write(text, offset + 4, 'utf8');
    out.writeUInt32LE(length, offset);
    offset += 4 + length;
  }
  return out;
}
