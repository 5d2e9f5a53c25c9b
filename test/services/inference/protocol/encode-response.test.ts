import { ServiceError } from '../../../../services/kit/server/errors';
import { encodeInferResponse } from '../../../../services/inference/protocol/encode-infer-response';

describe('encodeInferResponse', () => {
  it('writes JSON as Triton does: key order, floats with a fraction, NaN and Infinity as bare words', () => {
    const encoded = encodeInferResponse({
      id: '42',
      modelName: 'm',
      modelVersion: '1',
      outputs: [
        { name: 'y', datatype: 'FP32', shape: [2, 3], data: Float32Array.of(1, 0.1, NaN, -Infinity, -0, 4) },
        { name: 'd', datatype: 'FP64', shape: [3], data: Float64Array.of(1e21, 1.5e-7, 123.25) },
        { name: 'f', datatype: 'FP16', shape: [2], data: Uint16Array.of(0x3e00, 0x7c00) },
        { name: 'b', datatype: 'BOOL', shape: [2], data: Uint8Array.of(1, 0) },
        { name: 's', datatype: 'BYTES', shape: [1], data: ['a"é'] },
      ],
    });
    expect(encoded).toEqual({
      contentType: 'application/json',
      body:
        '{"id":"42","model_name":"m","model_version":"1","outputs":[' +
        '{"name":"y","datatype":"FP32","shape":[2,3],"data":[1.0,0.10000000149011612,NaN,-Infinity,-0.0,4.0]},' +
        '{"name":"d","datatype":"FP64","shape":[3],"data":[1e21,1.5e-7,123.25]},' +
        '{"name":"f","datatype":"FP16","shape":[2],"data":[1.5,Infinity]},' +
        '{"name":"b","datatype":"BOOL","shape":[2],"data":[true,false]},' +
        '{"name":"s","datatype":"BYTES","shape":[1],"data":["a\\"é"]}]}',
    });
  });

  it('writes 64-bit integers as their exact digits, beyond 2^53 too', () => {
    const encoded = encodeInferResponse({
      modelName: 'm',
      modelVersion: '3',
      parameters: { big: 2n ** 60n, ratio: 0.5 },
      outputs: [
        { name: 'i', datatype: 'INT64', shape: [2], data: BigInt64Array.of(-(2n ** 63n), 9007199254740993n) },
        { name: 'u', datatype: 'UINT64', shape: [1], data: BigUint64Array.of(2n ** 64n - 1n) },
      ],
    });
    expect(encoded.contentType === 'application/json' && encoded.body).toBe(
      '{"model_name":"m","model_version":"3","parameters":{"big":1152921504606846976,"ratio":0.5},"outputs":[' +
        '{"name":"i","datatype":"INT64","shape":[2],"data":[-9223372036854775808,9007199254740993]},' +
        '{"name":"u","datatype":"UINT64","shape":[1],"data":[18446744073709551615]}]}',
    );
  });

  it('writes binary outputs after the JSON header, giving its length, without copying their elements', () => {
    const floats = Float32Array.of(1, 2.5, -3, 4, 5, 6);
    const encoded = encodeInferResponse({
      modelName: 'mymodel',
      modelVersion: '1',
      outputs: [
        { name: 'output0', datatype: 'FP32', shape: [3, 2], data: floats, binary: true },
        { name: 'label', datatype: 'BYTES', shape: [2], data: ['ab', ''], binary: true },
        { name: 'json', datatype: 'INT8', shape: [1], data: Int8Array.of(-1) },
      ],
    });
    if (encoded.contentType !== 'application/octet-stream') throw new Error('expected a binary response');
    const header =
      '{"model_name":"mymodel","model_version":"1","outputs":[' +
      '{"name":"output0","datatype":"FP32","shape":[3,2],"parameters":{"binary_data_size":24}},' +
      '{"name":"label","datatype":"BYTES","shape":[2],"parameters":{"binary_data_size":10}},' +
      '{"name":"json","datatype":"INT8","shape":[1],"data":[-1]}]}';
    expect(encoded.headerLength).toBe(Buffer.byteLength(header));
    expect(encoded.chunks[0].toString('utf8')).toBe(header);
    const expectedFloats = Buffer.alloc(24);
    [1, 2.5, -3, 4, 5, 6].forEach((value, index) => expectedFloats.writeFloatLE(value, index * 4));
    expect(encoded.chunks[1]).toEqual(expectedFloats);
    expect(encoded.chunks[1].buffer).toBe(floats.buffer);
    expect(encoded.chunks[2]).toEqual(Buffer.from([2, 0, 0, 0, 0x61, 0x62, 0, 0, 0, 0]));
    expect(encoded.chunks).toHaveLength(3);
  });

  it('answers in JSON when every binary output is empty, as Triton does', () => {
    const encoded = encodeInferResponse({ modelName: 'm', modelVersion: '1', outputs: [{ name: 'e', datatype: 'FP32', shape: [0], data: new Float32Array(0), binary: true }] });
    expect(encoded).toEqual({
      contentType: 'application/json',
      body: '{"model_name":"m","model_version":"1","outputs":[{"name":"e","datatype":"FP32","shape":[0],"parameters":{"binary_data_size":0}}]}',
    });
  });

  it('refuses an output whose data does not fill its shape as an internal error (a runtime bug, not a bad request)', () => {
    const encode = () => encodeInferResponse({ modelName: 'm', modelVersion: '1', outputs: [{ name: 'y', datatype: 'FP32', shape: [2, 2], data: new Float32Array(3) }] });
    expect(encode).toThrow(new ServiceError('internal', 'tensor "y" has 3 elements, but its shape [2,2] holds 4'));
  });
});
