import fc from 'fast-check';
import { ServiceError } from '../../../../services/kit/server/errors';
import { decodeInferRequest } from '../../../../services/inference/protocol/decode-infer-request';
import { encodeInferRequest } from '../../../../services/inference/protocol/encode-infer-request';
import { halfBitsToFloat } from '../../../../services/inference/protocol/float16';
import { type TensorData, V2_DATATYPES } from '../../../../services/inference/tensor';
import { hostileNumber, hostileString, hostileValue, type JsonLike, RawJson, toJsonText } from '../../properties/support/hostile-input';
import { asReceived, outgoingTensor } from './support/tensor-arbitraries';

/** Decodes, and fails the property on anything thrown but ServiceError('invalid'). */
function decodeOrRefuse(body: Buffer | string, headerLength?: string): void {
  try {
    decodeInferRequest(body, headerLength);
  } catch (error) {
    if (!(error instanceof ServiceError) || error.kind !== 'invalid') throw new Error(`threw ${String(error)}${error instanceof Error ? `\n${error.stack}` : ''}`);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const KNOWN = ['x', 'binary_data_size', 'binary_data', 'binary_data_output', 'classification', ...V2_DATATYPES];
const anything = hostileValue(KNOWN);
const elementValue: fc.Arbitrary<JsonLike> = fc.oneof(hostileNumber, hostileString, fc.boolean(), fc.constant(null), fc.constantFrom(new RawJson('-Inf'), new RawJson('18446744073709551616')));
const nestedData: fc.Arbitrary<JsonLike> = fc.letrec<{ data: JsonLike }>((tie) => ({
  data: fc.oneof({ depthSize: 'small' }, elementValue, fc.array(tie('data'), { maxLength: 5 })),
})).data;

/** Requests shaped like real ones, every field sometimes wrong: what a confused or hostile client sends. */
const nearlyValidRequest: fc.Arbitrary<JsonLike> = fc.record(
  {
    id: fc.oneof(hostileString, anything),
    parameters: fc.oneof(fc.dictionary(fc.oneof(hostileString, fc.constantFrom('binary_data_output', 'triton_x')), fc.oneof(elementValue, anything), { maxKeys: 3 }), anything),
    inputs: fc.oneof(
      fc.array(
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('x', 'y'), hostileString, anything),
            datatype: fc.oneof(fc.constantFrom(...V2_DATATYPES), hostileString),
            shape: fc.oneof(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), hostileNumber), { maxLength: 4 }), anything),
            data: nestedData,
            parameters: fc.oneof(fc.record({ binary_data_size: fc.oneof(fc.integer({ min: 0, max: 64 }), hostileNumber) }, { requiredKeys: [] }), anything),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      anything,
    ),
    outputs: fc.oneof(fc.array(fc.record({ name: fc.oneof(hostileString, anything), parameters: fc.oneof(fc.dictionary(fc.constantFrom('binary_data', 'classification', 'shared_memory_region'), elementValue), anything) }, { requiredKeys: [] }), { maxLength: 3 }), anything),
  },
  { requiredKeys: [] },
);

/** JSON values in a request's text (not keys): strings, numbers (Triton's NaN and Infinity too), true, false, null. */
const VALUE_TOKEN = /"(?:[^"\\]|\\.)*"(\s*:)?|-?(?:NaN|Infinity|\d[\d.eE+-]*)|true|false|null/g;

/**
 * A valid request (tensors of every datatype, some binary) with one JSON value replaced by a hostile one, and
 * its binary part and header length perhaps cut, extended or shifted: requests that get deep into the decoder.
 */
const mutatedValidRequest = fc
  .record({
    tensors: fc.array(outgoingTensor, { minLength: 1, maxLength: 3 }),
    token: fc.option(fc.nat(), { freq: 4 }),
    replacement: fc.oneof(anything.map(toJsonText), fc.constantFrom('-1', '1e400', 'NaN', '[[1]]', '{}', '18446744073709551616', '"FP16"', '0', '2.5', '[]')),
    tailCut: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 1 }),
    headerShift: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: -3, max: 3 }), weight: 1 }),
  })
  .map(({ tensors, token, replacement, tailCut, headerShift }) => {
    const inputs = tensors.map((tensor, index) => ({ ...tensor, name: `t${index}` }));
    const encoded = encodeInferRequest({ inputs });
    const json = encoded.contentType === 'application/json' ? encoded.body : encoded.chunks[0].toString('utf8');
    const tokens = [...json.matchAll(VALUE_TOKEN)].filter((match) => match[1] === undefined);
    const target = token === null || tokens.length === 0 ? undefined : tokens[token % tokens.length];
    const mutated = target?.index === undefined ? json : json.slice(0, target.index) + replacement + json.slice(target.index + target[0].length);
    const head = Buffer.from(mutated, 'utf8');
    const binary = encoded.contentType === 'application/json' ? Buffer.alloc(0) : Buffer.concat(encoded.chunks.slice(1));
    const tail = tailCut <= 0 ? binary.subarray(0, Math.max(0, binary.byteLength + tailCut)) : Buffer.concat([binary, Buffer.alloc(tailCut, 7)]);
    return { body: Buffer.concat([head, tail]), headerLength: encoded.contentType === 'application/json' && headerShift === 0 ? undefined : String(head.byteLength + headerShift) };
  });

describe('inference protocol codecs, property-based', () => {
  it('decode mutated valid requests only into a request or a ServiceError("invalid")', () => {
    fc.assert(
      fc.property(mutatedValidRequest, ({ body, headerLength }) => decodeOrRefuse(body, headerLength)),
      { numRuns: 1500 },
    );
  });

  it('decode random JSON text only into a request or a ServiceError("invalid")', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyValidRequest, anything), (value) => decodeOrRefuse(toJsonText(value))),
      { numRuns: 800 },
    );
  });

  it('decode random bytes and random header lengths only into a request or a ServiceError("invalid")', () => {
    const header = fc.oneof(nearlyValidRequest.map(toJsonText), fc.string({ unit: 'binary', maxLength: 40 }));
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 80 }), fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 400 }).map(String), hostileString), (json, tail, headerLength) => {
        const head = Buffer.from(json, 'utf8');
        // Most runs give the header's true length, so that the binary part is what varies.
        decodeOrRefuse(Buffer.concat([head, tail]), headerLength === undefined ? String(head.byteLength) : headerLength);
        decodeOrRefuse(Buffer.from(tail), headerLength);
      }),
      { numRuns: 800 },
    );
  });

  it('decode what encode writes, for requests mixing JSON and binary tensors of every datatype', () => {
    fc.assert(
      fc.property(fc.array(outgoingTensor, { minLength: 1, maxLength: 4 }), (tensors) => {
        const inputs = tensors.map((tensor, index) => ({ ...tensor, name: `t${index}` }));
        const { body, headerLength } = asReceived(encodeInferRequest({ id: 'r', inputs, outputs: [{ name: 'y', binary: true }] }));
        const decoded = decodeInferRequest(body, headerLength);
        expect(decoded.id).toBe('r');
        expect(decoded.outputs).toEqual([{ name: 'y', binary: true }]);
        expect(decoded.inputs.map(({ name, datatype, shape }) => ({ name, datatype, shape }))).toEqual(inputs.map(({ name, datatype, shape }) => ({ name, datatype, shape })));
        decoded.inputs.forEach((input, index) => {
          const comparable = (data: TensorData) => (input.datatype === 'FP16' && !inputs[index].binary ? Array.from(data as Uint16Array, halfBitsToFloat) : Array.from(data as ArrayLike<unknown>));
          expect(comparable(input.data)).toEqual(comparable(inputs[index].data));
        });
      }),
      { numRuns: 400 },
    );
  });
});
