import { ServiceError } from '../../../../services/kit/server/errors';
import { decodeInferRequest } from '../../../../services/inference/protocol/decode-infer-request';

/** Decodes a JSON request holding one input `x`. */
function decodeInput(input: Record<string, unknown>, text?: string) {
  return decodeInferRequest(text ?? JSON.stringify({ inputs: [{ name: 'x', ...input }] })).inputs[0];
}

/** The message of the ServiceError('invalid') that decoding `body` throws. */
function refusal(body: string | Record<string, unknown>): string {
  try {
    decodeInferRequest(typeof body === 'string' ? body : JSON.stringify(body));
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('invalid');
    return (error as ServiceError).message;
  }
  throw new Error('the request was accepted');
}

const refuseInput = (input: Record<string, unknown>) => refusal({ inputs: [{ name: 'x', ...input }] });

describe('decodeInferRequest: JSON requests', () => {
  it('reads id, parameters, inputs and requested outputs as the v2 protocol and Triton define them', () => {
    const request = decodeInferRequest(
      JSON.stringify({
        id: '42',
        parameters: { priority: 2, binary_data_output: true, tag: 'a' },
        inputs: [{ name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] }],
        outputs: [{ name: 'output0' }, { name: 'output1', parameters: { binary_data: false, classification: 3 } }],
      }),
    );
    expect(request.id).toBe('42');
    expect({ ...request.parameters }).toEqual({ priority: 2, binary_data_output: true, tag: 'a' });
    expect(request.binaryDataOutput).toBe(true);
    expect(request.inputs).toEqual([{ name: 'input0', datatype: 'UINT32', shape: [2, 2], data: new Uint32Array([1, 2, 3, 4]) }]);
    expect(request.outputs).toEqual([
      { name: 'output0', binary: true },
      { name: 'output1', binary: false, classification: 3 },
    ]);
  });

  it('leaves outputs undefined when the request names none (every output is returned)', () => {
    const request = decodeInferRequest('{"inputs":[]}');
    expect(request.outputs).toBeUndefined();
    expect(request.binaryDataOutput).toBe(false);
  });

  it('reads every datatype into the typed array onnxruntime takes', () => {
    const cases: Array<[string, unknown[], unknown]> = [
      ['BOOL', [true, false], new Uint8Array([1, 0])],
      ['UINT8', [0, 255], new Uint8Array([0, 255])],
      ['UINT16', [0, 65535], new Uint16Array([0, 65535])],
      ['UINT32', [0, 4294967295], new Uint32Array([0, 4294967295])],
      ['UINT64', [0, 9007199254740991], new BigUint64Array([0n, 9007199254740991n])],
      ['INT8', [-128, 127], new Int8Array([-128, 127])],
      ['INT16', [-32768, 32767], new Int16Array([-32768, 32767])],
      ['INT32', [-2147483648, 2147483647], new Int32Array([-2147483648, 2147483647])],
      ['INT64', [-9007199254740991, -1], new BigInt64Array([-9007199254740991n, -1n])],
      ['FP16', [1.5, -65504], new Uint16Array([0x3e00, 0xfbff])],
      ['FP32', [0.1, -2], new Float32Array([0.1, -2])],
      ['FP64', [0.1, 1e300], new Float64Array([0.1, 1e300])],
      ['BYTES', ['héllo', ''], ['héllo', '']],
    ];
    for (const [datatype, data, expected] of cases) {
      expect(decodeInput({ datatype, shape: [2], data }).data).toEqual(expected);
    }
  });

  it('reads INT64 and UINT64 beyond 2^53 exactly, and refuses them one past the end of their range', () => {
    const text = (datatype: string, values: string) => `{"inputs":[{"name":"x","datatype":"${datatype}","shape":[3],"data":[${values}]}]}`;
    expect(decodeInput({}, text('INT64', '9223372036854775807,-9223372036854775808,9007199254740993')).data).toEqual(
      new BigInt64Array([9223372036854775807n, -9223372036854775808n, 9007199254740993n]),
    );
    expect(decodeInput({}, text('UINT64', '18446744073709551615,0,9007199254740993')).data).toEqual(new BigUint64Array([18446744073709551615n, 0n, 9007199254740993n]));
    expect(refusal(text('INT64', '9223372036854775808,0,0'))).toBe(
      'input "x": data[0] must be an integer from -9223372036854775808 to 9223372036854775807 for INT64, found 9223372036854775808',
    );
    expect(refusal(text('UINT64', '1,-1,0'))).toBe('input "x": data[1] must be an integer from 0 to 18446744073709551615 for UINT64, found -1');
    expect(refusal(text('INT64', '1e19,0,0'))).toContain('written as plain digits (no fraction or exponent) when beyond 2^53');
  });

  it('accepts data nested exactly as the shape, and says where nesting differs', () => {
    expect(decodeInput({ datatype: 'INT32', shape: [2, 3], data: [[1, 2, 3], [4, 5, 6]] }).data).toEqual(new Int32Array([1, 2, 3, 4, 5, 6]));
    expect(decodeInput({ datatype: 'INT32', shape: [3, 1], data: [[1], [2], [3]] }).data).toEqual(new Int32Array([1, 2, 3]));
    expect(decodeInput({ datatype: 'FP32', shape: [], data: [7] }).data).toEqual(new Float32Array([7]));
    expect(decodeInput({ datatype: 'FP32', shape: [1], data: 7 }).data).toEqual(new Float32Array([7]));
    expect(refuseInput({ datatype: 'INT32', shape: [2, 3], data: [[1, 2, 3], [4, 5]] })).toBe('input "x": data[1] has 2 elements where shape [2,3] needs 3 (dimension 1)');
    expect(refuseInput({ datatype: 'INT32', shape: [2, 2], data: [[1, 2], 3] })).toBe('input "x": data[1] must be an array of 2 elements (dimension 1 of shape [2,2]), found 3');
    expect(refuseInput({ datatype: 'INT32', shape: [2, 2], data: [[1, [2]], [3, 4]] })).toContain('data[0][1] is an array');
    expect(refuseInput({ datatype: 'INT8', shape: [2, 2], data: [[1, 2], [3, 400]] })).toBe(
      'input "x": element 3 (data[1][1]) must be an integer from -128 to 127 for INT8, found 400',
    );
  });

  it("reads JSON's -0 in a shape as 0", () => {
    expect(Object.is(decodeInput({ datatype: 'FP32', shape: [-0, 3], data: [] }).shape[0], 0)).toBe(true);
  });

  it('refuses flat data whose length does not fill the shape', () => {
    expect(refuseInput({ datatype: 'FP32', shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7] })).toBe('input "x": expected 8 elements for shape [2,4], found 7');
  });

  it('refuses elements that the datatype cannot hold exactly', () => {
    expect(refuseInput({ datatype: 'INT32', shape: [2], data: [1, 2.5] })).toBe('input "x": data[1] must be an integer from -2147483648 to 2147483647 for INT32, found 2.5');
    expect(refuseInput({ datatype: 'UINT8', shape: [1], data: [256] })).toContain('must be an integer from 0 to 255 for UINT8, found 256');
    expect(refuseInput({ datatype: 'INT16', shape: [1], data: ['7'] })).toContain('for INT16, found "7"');
    expect(refuseInput({ datatype: 'BOOL', shape: [1], data: [1] })).toBe('input "x": data[0] must be true or false for BOOL, found 1');
    expect(refuseInput({ datatype: 'BYTES', shape: [1], data: [3] })).toBe('input "x": data[0] must be a string for BYTES, found 3');
    expect(refuseInput({ datatype: 'FP32', shape: [1], data: [1e39] })).toContain("must be a number within FP32's range");
    expect(refuseInput({ datatype: 'FP16', shape: [1], data: [70000] })).toContain("must be a number within FP16's range");
    expect(refuseInput({ datatype: 'BYTES', shape: [1], data: ['\ud800'] })).toContain('lone surrogate');
  });

  it("reads Triton's NaN and Infinity for floating-point inputs only", () => {
    const text = (datatype: string) => `{"inputs":[{"name":"x","datatype":"${datatype}","shape":[4],"data":[NaN, Infinity, -Infinity, -Inf]}]}`;
    expect(Array.from(decodeInput({}, text('FP64')).data as Float64Array)).toEqual([NaN, Infinity, -Infinity, -Infinity]);
    expect(Array.from(decodeInput({}, text('FP32')).data as Float32Array)).toEqual([NaN, Infinity, -Infinity, -Infinity]);
    expect(Array.from(decodeInput({}, text('FP16')).data as Uint16Array)).toEqual([0x7e00, 0x7c00, 0xfc00, 0xfc00]);
    expect(refusal(text('INT32'))).toBe('input "x": data[0] must be an integer from -2147483648 to 2147483647 for INT32, found NaN');
  });

  it('refuses malformed JSON saying where', () => {
    expect(refusal('{"inputs": [')).toBe('the request is not valid JSON at character 12: expected a JSON value');
    expect(refusal('{"inputs": []} x')).toBe('the request is not valid JSON at character 15: unexpected text after the JSON value');
    expect(refusal('')).toBe('the request is not valid JSON at character 0: expected a JSON value');
    expect(refusal('[]')).toBe('the request must be a JSON object with "inputs", found an array of 0');
    expect(refusal('{}')).toBe('the request\'s "inputs" must be an array of tensors, found nothing');
  });

  it('refuses unknown datatypes listing the valid ones, and bad shapes naming the dimension', () => {
    expect(refuseInput({ datatype: 'BF16', shape: [1], data: [1] })).toBe(
      'input "x": datatype "BF16" is not supported; valid datatypes are BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, FP32, FP64, BYTES',
    );
    expect(refuseInput({ datatype: 'FP32', shape: [2, -1], data: [] })).toBe('input "x": shape[1] must be a non-negative integer, found -1');
    expect(refuseInput({ datatype: 'FP32', shape: [1.5], data: [] })).toBe('input "x": shape[0] must be a non-negative integer, found 1.5');
    expect(refuseInput({ datatype: 'FP32', shape: '2', data: [] })).toContain('"shape" must be an array of non-negative integers');
    expect(refuseInput({ datatype: 'FP32', shape: [65536, 65536], data: [] })).toBe(
      'input "x": shape [65536,65536] holds more than 2147483647 (2^31 - 1) elements, the most one tensor may hold',
    );
    expect(refuseInput({ datatype: 'FP32', shape: new Array(65).fill(1), data: [1] })).toContain('has 65 dimensions, at most 64');
  });

  it('refuses what Triton refuses about the request around the tensors', () => {
    expect(refusal({ id: 7, inputs: [] })).toBe('the request\'s "id" must be a string, found 7');
    expect(refusal({ parameters: { triton_x: 1 }, inputs: [] })).toContain('reserved for Triton');
    expect(refusal({ parameters: { a: { b: 1 } }, inputs: [] })).toBe('request parameter "a" must be a string, number or boolean, found an object');
    expect(refusal({ parameters: { binary_data_output: 'yes' }, inputs: [] })).toBe('the request: parameter "binary_data_output" must be true or false, found "yes"');
    expect(refuseInput({ datatype: 'FP32', shape: [1] })).toBe('input "x" must set exactly one of "data" and parameters.binary_data_size, but sets neither');
    expect(refuseInput({ datatype: 'FP32', shape: [1], data: [1], parameters: { binary_data_size: 4 } })).toBe(
      'input "x" must set exactly one of "data" and parameters.binary_data_size, but sets both',
    );
    expect(refuseInput({ datatype: 'FP32', shape: [1], parameters: { shared_memory_region: 'r' } })).toContain('"shared_memory_region" is not supported');
    expect(refusal({ inputs: [{ name: 'x', datatype: 'FP32', shape: [1], data: [1] }, { name: 'x', datatype: 'FP32', shape: [1], data: [1] }] })).toBe(
      'input "x" appears more than once in "inputs"',
    );
    expect(refusal({ inputs: [], outputs: [{ name: 'y', parameters: { classification: -1 } }] })).toContain('parameter "classification" must be an integer from 0');
    expect(refusal({ inputs: [{ shape: [1] }] })).toBe('inputs[0]: "name" must be a non-empty string, found nothing');
  });

  it('treats "__proto__" as an ordinary key', () => {
    const request = decodeInferRequest('{"inputs":[],"parameters":{"__proto__":"x","a":NaN}}');
    expect(Object.keys(request.parameters)).toEqual(['__proto__', 'a']);
  });
});
