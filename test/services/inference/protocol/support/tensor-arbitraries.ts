import fc from 'fast-check';
import { elementCount, type TensorData, V2_DATATYPES, type V2Datatype } from '../../../../../services/inference/tensor';
import type { EncodedInferBody } from '../../../../../services/inference/protocol/encode-tensor-list';

/** Shapes of rank 0 to 3 with small dimensions (zero included): every layout the codecs handle, quickly. */
export const smallShape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 });

/** Elements of `datatype`, every value it can hold: NaN, infinities and -0 for floats, any FP16 bits, any Unicode text. */
export function tensorData(datatype: V2Datatype, count: number): fc.Arbitrary<TensorData> {
  const of = <T>(element: fc.Arbitrary<T>) => fc.array(element, { minLength: count, maxLength: count });
  const integers = (min: number, max: number) => of(fc.integer({ min, max }));
  switch (datatype) {
    case 'BOOL':
      return of(fc.boolean()).map((values) => Uint8Array.from(values, Number));
    case 'UINT8':
      return integers(0, 0xff).map((values) => Uint8Array.from(values));
    case 'UINT16':
      return integers(0, 0xffff).map((values) => Uint16Array.from(values));
    case 'UINT32':
      return integers(0, 0xffffffff).map((values) => Uint32Array.from(values));
    case 'INT8':
      return integers(-0x80, 0x7f).map((values) => Int8Array.from(values));
    case 'INT16':
      return integers(-0x8000, 0x7fff).map((values) => Int16Array.from(values));
    case 'INT32':
      return integers(-0x80000000, 0x7fffffff).map((values) => Int32Array.from(values));
    case 'INT64':
      return of(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })).map((values) => BigInt64Array.from(values));
    case 'UINT64':
      return of(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })).map((values) => BigUint64Array.from(values));
    case 'FP16':
      return integers(0, 0xffff).map((values) => Uint16Array.from(values));
    case 'FP32':
      return of(fc.float()).map((values) => Float32Array.from(values));
    case 'FP64':
      return of(fc.double()).map((values) => Float64Array.from(values));
    case 'BYTES':
      return of(fc.string({ unit: 'binary', maxLength: 8 }));
  }
}

/** A named tensor of any datatype and small shape, to send in JSON or as binary data. */
export const outgoingTensor = fc
  .record({ datatype: fc.constantFrom(...V2_DATATYPES), shape: smallShape, binary: fc.boolean() })
  .chain(({ datatype, shape, binary }) => tensorData(datatype, elementCount(shape)).map((data) => ({ datatype, shape, data, binary })));

/** An encoded body as the HTTP layer hands it to the decoder: the bytes, and the Inference-Header-Content-Length header. */
export function asReceived(encoded: EncodedInferBody): { body: Buffer | string; headerLength?: string } {
  if (encoded.contentType === 'application/json') return { body: encoded.body };
  return { body: Buffer.concat(encoded.chunks), headerLength: String(encoded.headerLength) };
}
