import fc from 'fast-check';
import { formatTritonConfig } from '../../../../services/kit/models/format-triton-config';
import { inspectOnnxModel, type OnnxModelInspection } from '../../../../services/kit/models/inspect-onnx-model';
import { ModelError } from '../../../../services/kit/models/model-error';
import { parseTritonConfig } from '../../../../services/kit/models/parse-triton-config';
import { tritonConfigForOnnx } from '../../../../services/kit/models/triton-config-for-onnx';
import { TRITON_DATA_TYPES, TRITON_INSTANCE_KINDS, type TritonModelConfig } from '../../../../services/kit/models/triton-model-config';
import { fixtureBytes, refusal, SERVABLE_MODELS } from './model-fixtures';

const CLASSIFIER_CONFIG = `name: "churn"
platform: "onnxruntime_onnx"
max_batch_size: 16
input [
  {
    name: "features"
    data_type: TYPE_FP32
    dims: [ 4 ]
  }
]
output [
  {
    name: "label"
    data_type: TYPE_INT64
    dims: [ 1 ]
    reshape: { shape: [ ] }
  },
  {
    name: "probabilities"
    data_type: TYPE_FP32
    dims: [ 2 ]
  }
]
dynamic_batching {
  preferred_batch_size: [ 4, 8 ]
  max_queue_delay_microseconds: 500
}
instance_group [
  {
    kind: KIND_CPU
    count: 2
  }
]
version_policy: { latest: { num_versions: 1 } }
`;

describe('Triton model configuration for an ONNX model', () => {
  it('writes config.pbtxt for the binary classifier: batch dimension out of dims, the [N] label as [1] reshaped to []', () => {
    const config = tritonConfigForOnnx(inspectOnnxModel(fixtureBytes('binary-classifier')), {
      name: 'churn',
      maxBatchSize: 16,
      dynamicBatching: { preferredBatchSize: [4, 8], maxQueueDelayMicroseconds: 500 },
      instanceCount: 2,
    });
    expect(formatTritonConfig(config)).toBe(CLASSIFIER_CONFIG);
    expect(parseTritonConfig(CLASSIFIER_CONFIG)).toEqual(config);
  });

  it('defaults: max_batch_size 4 as Triton, an empty dynamic_batching, one CPU instance, the latest version', () => {
    const text = formatTritonConfig(tritonConfigForOnnx(inspectOnnxModel(fixtureBytes('regressor')), { name: 'price' }));
    expect(text).toContain('max_batch_size: 4\n');
    expect(text).toContain('dims: [ 3 ]');
    expect(text).toContain('dynamic_batching { }\n');
    expect(text).toContain('instance_group [\n  {\n    kind: KIND_CPU\n    count: 1\n  }\n]');
    expect(text.endsWith('version_policy: { latest: { num_versions: 1 } }\n')).toBe(true);
  });

  it('a fixed batch size is no batching: max_batch_size 0, full dims, no dynamic batching', () => {
    const config = tritonConfigForOnnx(inspectOnnxModel(fixtureBytes('fixed-batch')), { name: 'fixed', maxBatchSize: 8 });
    expect(config.maxBatchSize).toBe(0);
    expect(config.input).toEqual([{ name: 'features', dataType: 'TYPE_FP32', dims: [8, 4] }]);
    expect(config.output).toEqual([{ name: 'scores', dataType: 'TYPE_FP32', dims: [8, 2] }]);
    expect(config.dynamicBatching).toBeUndefined();
    expect(formatTritonConfig(config)).not.toContain('dynamic_batching');
  });

  it('maps an ONNX string input to TYPE_STRING', () => {
    const config = tritonConfigForOnnx(inspectOnnxModel(fixtureBytes('string-input')), { name: 'cities' });
    expect(config.input).toEqual([{ name: 'city', dataType: 'TYPE_STRING', dims: [1] }]);
    expect(config.output).toEqual([{ name: 'city_id', dataType: 'TYPE_INT64', dims: [1] }]);
  });

  it("refuses scikit-learn's ZipMap output, saying how to convert without it", () => {
    const error = refusal(() => tritonConfigForOnnx(inspectOnnxModel(fixtureBytes('multiclass-classifier-zipmap')), { name: 'iris' }));
    expect(error.code).toBe('unsupported-type');
    expect(error.message).toBe(
      "model 'iris' cannot be served by Triton: output 'output_probability' is seq(map(int64,tensor(float))) " +
        "(scikit-learn's ZipMap: convert with options={'zipmap': False} so probabilities are a tensor); Triton serves tensors only",
    );
  });

  it('maps every tensor type Triton has, and refuses the ones it lacks, naming each', () => {
    const tensor = (name: string, elementType: string) => ({ name, type: { kind: 'tensor' as const, elementType, dims: ['N', 2] }, typeName: `tensor(${elementType})` });
    const mapped: Record<string, string> = {
      bool: 'TYPE_BOOL', uint8: 'TYPE_UINT8', uint16: 'TYPE_UINT16', uint32: 'TYPE_UINT32', uint64: 'TYPE_UINT64', int8: 'TYPE_INT8', int16: 'TYPE_INT16',
      int32: 'TYPE_INT32', int64: 'TYPE_INT64', float16: 'TYPE_FP16', float: 'TYPE_FP32', double: 'TYPE_FP64', string: 'TYPE_STRING', bfloat16: 'TYPE_BF16',
    };
    const inspection = (types: string[]): OnnxModelInspection => ({
      irVersion: 8, opsets: [], operators: [], initializerCount: 0, externalTensors: [], metadata: {}, sizeBytes: 0,
      inputs: types.map((type) => tensor(`in_${type}`, type)),
      outputs: [tensor('out', 'float')],
    });
    const config = tritonConfigForOnnx(inspection(Object.keys(mapped)), { name: 'all-types' });
    expect(Object.fromEntries(config.input.map((input) => [input.name.slice(3), input.dataType]))).toEqual(mapped);
    expect(new Set(Object.values(mapped))).toEqual(new Set(TRITON_DATA_TYPES));

    const error = refusal(() => tritonConfigForOnnx(inspection(['float8e4m3fn', 'int4', 'complex64']), { name: 'exotic' }));
    expect(error.code).toBe('unsupported-type');
    expect(error.message).toContain("input 'in_float8e4m3fn' is tensor(float8e4m3fn), which has no Triton datatype (supported: bool, ");
    expect(error.message).toContain("input 'in_int4' is tensor(int4)");
    expect(error.message).toContain("input 'in_complex64' is tensor(complex64)");
  });

  it('refuses options that make no sense, naming them', () => {
    const inspection = inspectOnnxModel(fixtureBytes('regressor'));
    expect(refusal(() => tritonConfigForOnnx(inspection, { name: 'x', maxBatchSize: 4, dynamicBatching: { preferredBatchSize: [8] } })).message).toBe(
      'dynamicBatching.preferredBatchSize 8 is larger than maxBatchSize 4',
    );
    expect(refusal(() => tritonConfigForOnnx(inspection, { name: 'x', instanceCount: 0 })).message).toBe('instanceCount must be a positive integer, found 0');
    expect(refusal(() => tritonConfigForOnnx(inspection, { name: '' })).code).toBe('invalid-argument');
  });

  it.each(SERVABLE_MODELS.filter((name) => name !== 'multiclass-classifier-zipmap'))('%s: the parse of the generated text gives the same config', (name) => {
    const config = tritonConfigForOnnx(inspectOnnxModel(fixtureBytes(name)), { name, versionPolicy: { specific: { versions: [1, 3] } } });
    expect(parseTritonConfig(formatTritonConfig(config))).toEqual(config);
  });
});

describe('reading config.pbtxt', () => {
  it('reads a hand-written config in any of the text format spellings Triton accepts', () => {
    const text = `
      # a comment
      name: "hand" ; platform: 'onnxruntime_' "onnx"
      max_batch_size: 0x8
      input < name: "x\\n\\101\\x42" data_type: TYPE_FP32 dims: [ -1, 3 ] >
      output { name: "y", data_type: TYPE_FP64, dims: 1 }
      dynamic_batching: { }
      instance_group: [ { count: 3 }, { kind: KIND_GPU } ]
      version_policy { all { } }
    `;
    expect(parseTritonConfig(text)).toEqual({
      name: 'hand',
      platform: 'onnxruntime_onnx',
      maxBatchSize: 8,
      input: [{ name: 'x\nAB', dataType: 'TYPE_FP32', dims: [-1, 3] }],
      output: [{ name: 'y', dataType: 'TYPE_FP64', dims: [1] }],
      dynamicBatching: { preferredBatchSize: [], maxQueueDelayMicroseconds: 0 },
      instanceGroup: [
        { kind: 'KIND_AUTO', count: 3 },
        { kind: 'KIND_GPU', count: 1 },
      ],
      versionPolicy: { all: {} },
    });
  });

  it.each([
    ['name: "m" platform: "onnxruntime_onnx" max_batch_size: 4 input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ] output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ] sequence_batching { }',
      "config.pbtxt:1:173: sequence_batching is not a field Plinth's inference server honours; supported here: name, platform, backend, max_batch_size, input, output, dynamic_batching, instance_group, version_policy"],
    ['info_url: "x"', "config.pbtxt:1:1: info_url is not a field Plinth's inference server honours; supported here: name, platform, backend, max_batch_size, input, output, dynamic_batching, instance_group, version_policy"],
    ['name: "m"\nmax_batch_size: "four"', 'config.pbtxt:2:17: max_batch_size must be an integer, found four'],
    ['name: "m"\nplatform: "tensorflow_savedmodel"', 'config.pbtxt:2:1: platform "tensorflow_savedmodel" is not served by Plinth: only "onnxruntime_onnx"'],
    ['name: "m" platform: "onnxruntime_onnx" input [ { name: "x" data_type: TYPE_FLOAT dims: [ 1 ] } ]', 'config.pbtxt:1:71: input[0].data_type must be one of TYPE_BOOL, TYPE_UINT8, TYPE_UINT16, TYPE_UINT32, TYPE_UINT64, TYPE_INT8, TYPE_INT16, TYPE_INT32, TYPE_INT64, TYPE_FP16, TYPE_FP32, TYPE_FP64, TYPE_STRING, TYPE_BF16, found TYPE_FLOAT'],
    ['name: "m" name: "n"', 'config.pbtxt:1:11: name is given more than once'],
    ['name "m"', `config.pbtxt:1:6: expected ':' or '{' after the field name, found "m"`],
    ['name: "m', 'config.pbtxt:1:7: string is not closed on its line'],
    ['input [ { name: "x" }', "config.pbtxt:1:22: expected ',', found the end of the text"],
    ['max_batch_size: 010', 'config.pbtxt:1:17: max_batch_size must be an integer, found 010'],
    ['platform: "onnxruntime_onnx" max_batch_size: 0 input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ] output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ] dynamic_batching { }',
      'config.pbtxt:1:163: dynamic_batching needs max_batch_size > 0: with 0 the model takes no batch dimension'],
    ['platform: "onnxruntime_onnx" max_batch_size: 2 input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ] output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ] dynamic_batching { preferred_batch_size: [ 4 ] }',
      'config.pbtxt:1:182: dynamic_batching.preferred_batch_size 4 is outside 1..max_batch_size (2)'],
    ['platform: "onnxruntime_onnx" input [ { name: "x" data_type: TYPE_FP32 dims: [ 0 ] } ]', 'config.pbtxt:1:71: input[0].dims holds 0: each dimension is a positive size or -1 (any size)'],
    ['platform: "onnxruntime_onnx" input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ] output [ { name: "y" data_type: TYPE_FP32 dims: [ 1 ] } ] version_policy { latest { } all { } }',
      'config.pbtxt:1:145: version_policy needs exactly one of latest, all, specific'],
    ['platform: "onnxruntime_onnx" input [ { name: "x" data_type: TYPE_FP32 dims: [ 1 ] } ]', 'config.pbtxt: no output: Plinth needs every output listed with name, data_type and dims'],
    ['name: "\ud800"', 'config.pbtxt:1:7: string holds a lone UTF-16 surrogate, which is not text'],
    ['name: "\\377"', 'config.pbtxt:1:7: string is not valid UTF-8 once its escapes are decoded'],
    [`${'a { '.repeat(100)}`, 'config.pbtxt:1:261: messages nested deeper than 64'],
  ])('refuses %j', (text, message) => {
    const error = refusal(() => parseTritonConfig(text));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toBe(message);
  });

  it('round-trips any config it can write (property)', () => {
    const name = fc.string({ unit: fc.constantFrom('a', 'Z', '_', '"', '\\', '\n', '\u0000', 'é', '😀', ' ', "'", '#'), minLength: 1, maxLength: 12 });
    const dims = fc.array(fc.oneof(fc.constant(-1), fc.integer({ min: 1, max: 2 ** 31 })), { minLength: 1, maxLength: 4 });
    const tensor = fc.record(
      { name, dataType: fc.constantFrom(...TRITON_DATA_TYPES), dims, reshape: fc.record({ shape: fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 3 }) }) },
      { requiredKeys: ['name', 'dataType', 'dims'] },
    );
    const config = fc
      .record({
        name,
        maxBatchSize: fc.integer({ min: 0, max: 1024 }),
        input: fc.uniqueArray(tensor, { minLength: 1, maxLength: 3, selector: (t) => t.name }),
        output: fc.uniqueArray(tensor, { minLength: 1, maxLength: 3, selector: (t) => t.name }),
        delay: fc.integer({ min: 0, max: 10_000_000 }),
        batching: fc.boolean(),
        instanceGroup: fc.array(fc.record({ kind: fc.constantFrom(...TRITON_INSTANCE_KINDS), count: fc.integer({ min: 1, max: 64 }) }), { maxLength: 3 }),
        versionPolicy: fc.oneof(
          fc.record({ latest: fc.record({ numVersions: fc.integer({ min: 1, max: 9 }) }) }),
          fc.constant({ all: {} }),
          fc.record({ specific: fc.record({ versions: fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1, maxLength: 4 }) }) }),
        ),
      })
      .map(({ delay, batching, ...rest }): TritonModelConfig => {
        const base: TritonModelConfig = { ...rest, platform: 'onnxruntime_onnx' };
        if (!batching || rest.maxBatchSize === 0) return base;
        return { ...base, dynamicBatching: { preferredBatchSize: [1, rest.maxBatchSize].filter((s, i, all) => all.indexOf(s) === i), maxQueueDelayMicroseconds: delay } };
      });
    fc.assert(
      fc.property(config, (value) => {
        expect(parseTritonConfig(formatTritonConfig(value))).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('never fails with anything but an invalid-config refusal on arbitrary text (property)', () => {
    const pieces = fc.constantFrom('name', ':', '"x"', '{', '}', '[', ']', '<', '>', ',', ';', '-1', '0x1f', '1.5', 'TYPE_FP32', '#c\n', '\n', ' ', "'", '\\', '\u0000', 'input', 'dims');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''))), (text) => {
        try {
          parseTritonConfig(text);
        } catch (error) {
          return error instanceof ModelError && error.code === 'invalid-config';
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
