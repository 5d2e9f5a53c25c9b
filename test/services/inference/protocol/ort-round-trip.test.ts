import fc from 'fast-check';
import { Tensor } from 'onnxruntime-node';
import { decodeInferRequest } from '../../../../services/inference/protocol/decode-infer-request';
import { encodeInferRequest } from '../../../../services/inference/protocol/encode-infer-request';
import { halfBitsToFloat } from '../../../../services/inference/protocol/float16';
import { DATATYPE_INFO, elementCount, type TensorData, V2_DATATYPES, type V2Datatype } from '../../../../services/inference/tensor';
import { asReceived, smallShape, tensorData } from './support/tensor-arbitraries';

/** Elements as comparable values: NaN equals NaN, -0 differs from 0, and FP16 in JSON compares by value (NaN payloads collapse to one NaN). */
function elements(datatype: V2Datatype, data: TensorData, viaJson: boolean): unknown[] {
  const values = Array.from(data as ArrayLike<unknown>);
  return datatype === 'FP16' && viaJson ? values.map((bits) => halfBitsToFloat(bits as number)) : values;
}

/** onnxruntime's tensor of `data`, encoded as a request, decoded, and made an onnxruntime tensor again. */
function roundTrip(datatype: V2Datatype, shape: number[], data: TensorData, binary: boolean): Tensor {
  const sent = new Tensor(DATATYPE_INFO[datatype].ort, data, shape);
  const { body, headerLength } = asReceived(encodeInferRequest({ inputs: [{ name: 't', datatype, shape, data: sent.data as TensorData, binary }] }));
  const [input] = decodeInferRequest(body, headerLength).inputs;
  expect(input.datatype).toBe(datatype);
  expect(input.shape).toEqual(shape);
  return new Tensor(DATATYPE_INFO[datatype].ort, input.data, input.shape);
}

describe('encode → decode through onnxruntime-node tensors', () => {
  const examples: Record<V2Datatype, TensorData> = {
    BOOL: Uint8Array.of(1, 0, 1, 1, 0, 0),
    UINT8: Uint8Array.of(0, 1, 2, 127, 128, 255),
    UINT16: Uint16Array.of(0, 1, 2, 0x7fff, 0x8000, 0xffff),
    UINT32: Uint32Array.of(0, 1, 2, 2 ** 31, 2 ** 32 - 2, 2 ** 32 - 1),
    UINT64: BigUint64Array.of(0n, 1n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 2n, 2n ** 64n - 1n),
    INT8: Int8Array.of(-128, -1, 0, 1, 2, 127),
    INT16: Int16Array.of(-32768, -1, 0, 1, 2, 32767),
    INT32: Int32Array.of(-(2 ** 31), -1, 0, 1, 2, 2 ** 31 - 1),
    INT64: BigInt64Array.of(-(2n ** 63n), -(2n ** 53n) - 1n, -1n, 0n, 2n ** 53n + 1n, 2n ** 63n - 1n),
    FP16: Uint16Array.of(0x0000, 0x8000, 0x0001, 0x3c00, 0x7bff, 0xfc00),
    FP32: Float32Array.of(0.1, -0, NaN, Infinity, 3.4028234663852886e38, 1.401298464324817e-45),
    FP64: Float64Array.of(0.1, -0, NaN, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE),
    BYTES: ['', 'a', 'héllo', '😀', '\u0000', 'x'.repeat(300)],
  };

  for (const datatype of V2_DATATYPES) {
    for (const binary of [false, true]) {
      it(`keeps every ${datatype} element exactly, ${binary ? 'as binary data' : 'in JSON'}`, () => {
        const back = roundTrip(datatype, [2, 3], examples[datatype], binary);
        expect(back.type).toBe(DATATYPE_INFO[datatype].ort);
        expect(back.dims).toEqual([2, 3]);
        expect(elements(datatype, back.data as TensorData, !binary)).toEqual(elements(datatype, examples[datatype], !binary));
      });
    }
  }

  it('keeps random tensors of every datatype and shape exactly', () => {
    const property = fc.property(
      fc.record({ datatype: fc.constantFrom(...V2_DATATYPES), shape: smallShape, binary: fc.boolean() }).chain((spec) => tensorData(spec.datatype, elementCount(spec.shape)).map((data) => ({ ...spec, data }))),
      ({ datatype, shape, binary, data }) => {
        const back = roundTrip(datatype, shape, data, binary);
        expect(elements(datatype, back.data as TensorData, !binary)).toEqual(elements(datatype, data, !binary));
      },
    );
    fc.assert(property, { numRuns: 300 });
  });
});
