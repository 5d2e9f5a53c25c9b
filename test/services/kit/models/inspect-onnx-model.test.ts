import fc from 'fast-check';
import { inspectOnnxModel, type OnnxValueInfo } from '../../../../services/kit/models/inspect-onnx-model';
import { ModelError } from '../../../../services/kit/models/model-error';
import { fixtureBytes, SERVABLE_MODELS } from './model-fixtures';
import { openSession } from './onnxruntime-session';

/** onnxruntime-node's element type names where they differ from ONNX's. */
const ORT_TYPE: Record<string, string> = { float: 'float32', double: 'float64' };

/** What onnxruntime-node's input/output metadata says about a value, from our inspection. */
function asOrtMetadata(value: OnnxValueInfo) {
  if (value.type.kind !== 'tensor') return { name: value.name, isTensor: false };
  return { name: value.name, isTensor: true, type: ORT_TYPE[value.type.elementType] ?? value.type.elementType, shape: value.type.dims };
}

function notOnnx(bytes: Uint8Array): string {
  try {
    inspectOnnxModel(bytes, { label: 'upload.onnx' });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('not-onnx');
    return (error as ModelError).message;
  }
  throw new Error('expected a not-onnx refusal');
}

describe('reading an ONNX model without running it', () => {
  it.each(SERVABLE_MODELS)('%s: inputs and outputs match what onnxruntime-node reports', async (name) => {
    const bytes = fixtureBytes(name);
    const inspection = inspectOnnxModel(bytes);
    const session = await openSession(bytes);
    try {
      expect(inspection.inputs.map((input) => input.name)).toEqual(session.inputNames);
      expect(inspection.outputs.map((output) => output.name)).toEqual(session.outputNames);
      expect(inspection.inputs.map(asOrtMetadata)).toEqual(session.inputMetadata.map((meta) => ({ ...meta })));
      expect(inspection.outputs.map(asOrtMetadata)).toEqual(
        session.outputMetadata.map((meta) => (meta.isTensor ? { ...meta } : { name: meta.name, isTensor: false })),
      );
    } finally {
      await session.release();
    }
  });

  it('reports the binary classifier in full: signature, opsets, operators, metadata, size', () => {
    const bytes = fixtureBytes('binary-classifier');
    const inspection = inspectOnnxModel(bytes);
    expect(inspection).toEqual({
      irVersion: 8,
      producerName: 'plinth-fixtures',
      opsets: [
        { domain: '', version: 17 },
        { domain: 'ai.onnx.ml', version: 3 },
      ],
      inputs: [{ name: 'features', type: { kind: 'tensor', elementType: 'float', dims: ['N', 4] }, typeName: 'tensor(float)' }],
      outputs: [
        { name: 'label', type: { kind: 'tensor', elementType: 'int64', dims: ['N'] }, typeName: 'tensor(int64)' },
        { name: 'probabilities', type: { kind: 'tensor', elementType: 'float', dims: ['N', 2] }, typeName: 'tensor(float)' },
      ],
      operators: [{ domain: 'ai.onnx.ml', opType: 'LinearClassifier', places: ["graph 'binary-classifier' > node '#0'"] }],
      initializerCount: 0,
      externalTensors: [],
      metadata: { 'plinth.fixture': 'binary-classifier' },
      sizeBytes: bytes.length,
    });
  });

  it("reports scikit-learn's ZipMap output as a sequence of maps, as onnxruntime names it", () => {
    const output = inspectOnnxModel(fixtureBytes('multiclass-classifier-zipmap')).outputs[1]!;
    expect(output.typeName).toBe('seq(map(int64,tensor(float)))');
    expect(output.type).toEqual({ kind: 'sequence', element: { kind: 'map', keyType: 'int64', value: { kind: 'tensor', elementType: 'float', dims: [] } } });
  });

  it('finds operators in nested graphs and tensors stored in another file', () => {
    const nested = inspectOnnxModel(fixtureBytes('custom-op-in-subgraph'));
    expect(nested.operators.map((op) => `${op.domain}:${op.opType}`)).toEqual([':Identity', ':If', 'com.example.custom:Scramble']);
    expect(nested.operators[2]!.places).toEqual(["graph 'custom-op-in-subgraph' > node '#0' attribute 'then_branch' (graph 'then') > node '#0'"]);

    const external = inspectOnnxModel(fixtureBytes('external-data'));
    expect(external.initializerCount).toBe(2);
    expect(external.externalTensors).toEqual([
      { name: 'weights', role: 'initializer', place: "graph 'external-data'", location: 'external-data.weights.bin' },
      { name: 'bias', role: 'initializer', place: "graph 'external-data'", location: 'external-data.weights.bin' },
    ]);
  });

  it('refuses what is not an ONNX model, saying why', () => {
    expect(notOnnx(new Uint8Array())).toBe('upload.onnx is not an ONNX model: the file is empty; expected an ONNX ModelProto as written by onnx.save or a converter');
    expect(notOnnx(Buffer.from('name,age\nada,36\n'))).toMatch(/^upload\.onnx is not an ONNX model: (not a protobuf message|truncated or corrupt protobuf) \(.+\); expected an ONNX ModelProto/);
    // A protobuf, but not a model: a TensorProto-like message with only field 1.
    expect(notOnnx(Uint8Array.from([0x08, 0x03]))).toBe(
      'upload.onnx is not an ONNX model: it has no opset_import, no graph; expected an ONNX ModelProto as written by onnx.save or a converter',
    );
  });

  it('refuses graphs nested past protobuf\'s depth limit without overflowing the stack', () => {
    const varint = (n: number): number[] => (n < 128 ? [n] : [(n & 127) | 128, ...varint(Math.floor(n / 128))]);
    const field = (tag: number, body: Uint8Array) => Buffer.concat([Uint8Array.from([(tag << 3) | 2, ...varint(body.length)]), body]);
    // GraphProto.node > NodeProto.attribute > AttributeProto.g > GraphProto ..., 5,000 If-bodies deep.
    let graph: Uint8Array = new Uint8Array();
    for (let level = 0; level < 5_000; level += 1) graph = field(1, field(5, field(6, graph)));
    const model = Uint8Array.from([0x08, 0x08, ...field(7, graph), ...field(8, Uint8Array.from([0x10, 0x11]))]);
    expect(notOnnx(model)).toBe(
      'upload.onnx is not an ONNX model: messages nested deeper than protobuf allows (maximum nesting depth exceeded); expected an ONNX ModelProto as written by onnx.save or a converter',
    );
  });

  it('refuses the classifier cut short at every length, never with another error', () => {
    const bytes = fixtureBytes('binary-classifier');
    const whole = inspectOnnxModel(bytes);
    let read = 0;
    for (let length = 1; length < bytes.length; length += 1) {
      try {
        const part = inspectOnnxModel(bytes.subarray(0, length));
        // A cut on a field boundary after the graph is a well-formed, smaller protobuf (an opset or the
        // metadata gone): protobuf cannot tell, and onnxruntime would load it too. The graph is whole.
        expect({ inputs: part.inputs, outputs: part.outputs, operators: part.operators }).toEqual({ inputs: whole.inputs, outputs: whole.outputs, operators: whole.operators });
        read += 1;
      } catch (error) {
        expect((error as ModelError).code).toBe('not-onnx');
      }
    }
    expect(read).toBeLessThan(5);
  });

  it('never fails with anything but a not-onnx refusal on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        try {
          inspectOnnxModel(bytes);
        } catch (error) {
          return error instanceof ModelError && error.code === 'not-onnx';
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
