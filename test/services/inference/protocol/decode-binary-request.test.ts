import { ServiceError } from '../../../../services/kit/server/errors';
import { decodeInferRequest } from '../../../../services/inference/protocol/decode-infer-request';
import { allocateInferBody } from '../../../../services/inference/protocol/infer-request-body';

/** A body as Triton's clients build one: the JSON header, then each binary input's bytes; and the header's length. */
function tritonBody(header: unknown, ...binary: Buffer[]): { body: Buffer; headerLength: string } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  return { body: Buffer.concat([json, ...binary]), headerLength: String(json.byteLength) };
}

function floatsLE(values: number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes;
}

function refusal(body: Buffer, headerLength: string | undefined): string {
  try {
    decodeInferRequest(body, headerLength);
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).kind).toBe('invalid');
    return (error as ServiceError).message;
  }
  throw new Error('the request was accepted');
}

const fp32Input = (size: number) => ({ inputs: [{ name: 'x', shape: [2, 4], datatype: 'FP32', parameters: { binary_data_size: size } }] });

describe("decodeInferRequest: Triton's binary tensor data extension", () => {
  it("reads the extension document's example request byte for byte", () => {
    const header = {
      model_name: 'mymodel',
      inputs: [
        { name: 'input0', shape: [2, 2], datatype: 'UINT32', parameters: { binary_data_size: 16 } },
        { name: 'input1', shape: [3], datatype: 'BOOL', parameters: { binary_data_size: 3 } },
      ],
      outputs: [{ name: 'output0', parameters: { binary_data: true } }],
    };
    const uint32s = Buffer.from([1, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80]);
    const { body, headerLength } = tritonBody(header, uint32s, Buffer.from([1, 0, 1]));
    expect(body.byteLength).toBe(Number(headerLength) + 19);
    const request = decodeInferRequest(body, headerLength);
    expect(request.inputs).toEqual([
      { name: 'input0', datatype: 'UINT32', shape: [2, 2], data: new Uint32Array([1, 2, 0xffffffff, 0x80000000]) },
      { name: 'input1', datatype: 'BOOL', shape: [3], data: new Uint8Array([1, 0, 1]) },
    ]);
    expect(request.outputs).toEqual([{ name: 'output0', binary: true }]);
  });

  it('reads FP32 inputs as views over the body when aligned, and copies them when not', () => {
    const values = [1.5, -2, 0.1, 3e38, -0, 7, 8, 9];
    const json = JSON.stringify(fp32Input(32));
    for (const headerLength of [json.length + ((4 - (json.length % 4)) % 4), json.length + ((4 - (json.length % 4)) % 4) + 1]) {
      // A body in its own ArrayBuffer (offset 0, as Node's HTTP layer gives large bodies): the floats' offset is the header's length.
      const body = Buffer.from(new ArrayBuffer(headerLength + 32));
      body.write(json.padEnd(headerLength, ' '));
      floatsLE(values).copy(body, headerLength);
      const data = decodeInferRequest(body, String(headerLength)).inputs[0].data as Float32Array;
      expect(Array.from(data)).toEqual(values.map(Math.fround));
      expect(data.buffer === body.buffer).toBe(headerLength % 4 === 0);
    }
  });

  it('reads inputs as views whatever the header length when the body is read into allocateInferBody', () => {
    for (const extra of [0, 1, 2, 3, 5, 7]) {
      const sent = tritonBody({ ...fp32Input(32), padding: 'x'.repeat(extra) }, floatsLE([1, 2, 3, 4, 5, 6, 7, 8]));
      const body = allocateInferBody(sent.body.byteLength, Number(sent.headerLength));
      sent.body.copy(body);
      const data = decodeInferRequest(body, sent.headerLength).inputs[0].data as Float32Array;
      expect(data.buffer).toBe(body.buffer);
      expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });

  it('reads BYTES elements as 4-byte little-endian lengths and UTF-8 bytes', () => {
    const elements = ['', 'héllo', '🙂'].map((text) => Buffer.from(text, 'utf8'));
    const bytes = Buffer.concat(elements.flatMap((element) => [Buffer.from(Uint32Array.of(element.byteLength).buffer), element]));
    const { body, headerLength } = tritonBody({ inputs: [{ name: 's', shape: [3], datatype: 'BYTES', parameters: { binary_data_size: bytes.byteLength } }] }, bytes);
    expect(decodeInferRequest(body, headerLength).inputs[0].data).toEqual(['', 'héllo', '🙂']);
  });

  it('mixes JSON and binary inputs, taking the binary ones in input order', () => {
    const header = {
      inputs: [
        { name: 'a', shape: [1], datatype: 'INT64', parameters: { binary_data_size: 8 } },
        { name: 'b', shape: [2], datatype: 'FP64', data: [1, 2] },
        { name: 'c', shape: [2], datatype: 'INT16', parameters: { binary_data_size: 4 } },
      ],
    };
    const { body, headerLength } = tritonBody(header, Buffer.from(BigInt64Array.of(-(2n ** 62n)).buffer), Buffer.from(Int16Array.of(-1, 300).buffer));
    const inputs = decodeInferRequest(body, headerLength).inputs;
    expect(inputs.map((input) => input.data)).toEqual([BigInt64Array.of(-(2n ** 62n)), Float64Array.of(1, 2), Int16Array.of(-1, 300)]);
  });

  it('says what is wrong with the body, naming the input, the offset and what would be valid', () => {
    const seven = tritonBody(fp32Input(28), floatsLE([1, 2, 3, 4, 5, 6, 7]));
    expect(refusal(seven.body, seven.headerLength)).toBe('input "x": binary_data_size is 28 bytes, but shape [2,4] of FP32 needs 32 (8 elements of 4 bytes)');

    const short = tritonBody(fp32Input(32), floatsLE([1, 2, 3]));
    expect(refusal(short.body, short.headerLength)).toBe(`input "x": binary_data_size 32 at body offset ${short.headerLength} goes past the end of the body (12 bytes are left)`);

    const trailing = tritonBody(fp32Input(32), floatsLE([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(refusal(trailing.body, trailing.headerLength)).toBe(`4 bytes follow the binary data of the inputs (from body offset ${Number(trailing.headerLength) + 32}); the body should end there`);

    expect(refusal(short.body, String(short.body.byteLength + 1))).toBe(`Inference-Header-Content-Length must be an integer from 1 to the body's length (${short.body.byteLength}), found "${short.body.byteLength + 1}"`);
    expect(refusal(short.body, 'ten')).toContain('Inference-Header-Content-Length must be an integer');
    expect(refusal(short.body, '0')).toContain('raw binary request without a JSON header) is not supported');
    expect(refusal(Buffer.from(JSON.stringify(fp32Input(32))), undefined)).toBe(
      'input "x" has binary_data_size, so the request needs the Inference-Header-Content-Length header giving the length of its JSON part',
    );
    expect(refusal(Buffer.from('{"inputs":[]}\xff'.split('').map((c) => c.charCodeAt(0))), undefined)).toBe('the request JSON is not valid UTF-8');
  });

  it('refuses BYTES and BOOL binary data that does not hold what the shape says', () => {
    const bytesInput = (size: number) => ({ inputs: [{ name: 's', shape: [2], datatype: 'BYTES', parameters: { binary_data_size: size } }] });
    const cut = tritonBody(bytesInput(9), Buffer.from([1, 0, 0, 0, 0x61, 9, 0, 0, 0]));
    expect(refusal(cut.body, cut.headerLength)).toBe(`input "s": BYTES element 1 is 9 bytes long at body offset ${Number(cut.headerLength) + 9}, beyond the input's binary_data_size of 9`);
    const noLength = tritonBody(bytesInput(6), Buffer.from([1, 0, 0, 0, 0x61, 0]));
    expect(refusal(noLength.body, noLength.headerLength)).toContain('BYTES element 1 of 2 (shape [2]) needs a 4-byte length');
    const extra = tritonBody(bytesInput(11), Buffer.from([1, 0, 0, 0, 0x61, 1, 0, 0, 0, 0x62, 0]));
    expect(refusal(extra.body, extra.headerLength)).toContain('1 bytes are left over after the 2 BYTES elements of shape [2]');
    const latin1 = tritonBody(bytesInput(10), Buffer.from([1, 0, 0, 0, 0xe9, 1, 0, 0, 0, 0x62]));
    expect(refusal(latin1.body, latin1.headerLength)).toContain('BYTES element 0 (body offset');
    const bool = tritonBody({ inputs: [{ name: 'b', shape: [2], datatype: 'BOOL', parameters: { binary_data_size: 2 } }] }, Buffer.from([1, 2]));
    expect(refusal(bool.body, bool.headerLength)).toBe(`input "b": BOOL element 1 (body offset ${Number(bool.headerLength) + 1}) is 2; a BOOL byte is 0 (false) or 1 (true)`);
  });

  it('accepts an empty binary input without the header, as Triton does', () => {
    const request = decodeInferRequest(JSON.stringify({ inputs: [{ name: 'e', shape: [0, 3], datatype: 'FP32', parameters: { binary_data_size: 0 } }] }));
    expect(request.inputs[0].data).toEqual(new Float32Array(0));
  });
});
