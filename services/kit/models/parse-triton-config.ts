import { ModelError } from './model-error';
import { parseProtobufText, type TextMessage, type TextPosition, type TextValue } from './protobuf-text';
import {
  TRITON_DATA_TYPES,
  TRITON_INSTANCE_KINDS,
  type TritonDataType,
  type TritonInstanceGroup,
  type TritonInstanceKind,
  type TritonModelConfig,
  type TritonTensorConfig,
  type TritonVersionPolicy,
} from './triton-model-config';

type FieldType = 'string' | 'int' | 'message' | readonly string[];
type MessageSpec = Record<string, { type: FieldType; repeated?: boolean }>;

/**
 * The fields Plinth's inference server honours. Anything else in a config.pbtxt is refused rather
 * than ignored: a server that silently skipped sequence_batching or a TensorRT optimisation would
 * serve the model differently from what its config says.
 */
const MODEL_CONFIG: MessageSpec = {
  name: { type: 'string' },
  platform: { type: 'string' },
  backend: { type: 'string' },
  max_batch_size: { type: 'int' },
  input: { type: 'message', repeated: true },
  output: { type: 'message', repeated: true },
  dynamic_batching: { type: 'message' },
  instance_group: { type: 'message', repeated: true },
  version_policy: { type: 'message' },
};
const TENSOR: MessageSpec = {
  name: { type: 'string' },
  data_type: { type: TRITON_DATA_TYPES },
  dims: { type: 'int', repeated: true },
  reshape: { type: 'message' },
};
const RESHAPE: MessageSpec = { shape: { type: 'int', repeated: true } };
const DYNAMIC_BATCHING: MessageSpec = {
  preferred_batch_size: { type: 'int', repeated: true },
  max_queue_delay_microseconds: { type: 'int' },
};
const INSTANCE_GROUP: MessageSpec = { kind: { type: TRITON_INSTANCE_KINDS }, count: { type: 'int' } };
const VERSION_POLICY: MessageSpec = { latest: { type: 'message' }, all: { type: 'message' }, specific: { type: 'message' } };
const LATEST: MessageSpec = { num_versions: { type: 'int' } };
const SPECIFIC: MessageSpec = { versions: { type: 'int', repeated: true } };

type Read = string | number | TextMessage;

class ConfigReader {
  constructor(private readonly label: string) {}

  /** `at` is where in the text; a problem of the whole config (a missing field) has no place. */
  fail(at: TextPosition | undefined, message: string): never {
    throw new ModelError('invalid-config', `${this.label}${at ? `:${at.line}:${at.column}` : ''}: ${message}`);
  }

  private scalar(field: string, type: FieldType, value: TextValue, where: string): Read {
    const expected = type === 'string' ? 'a quoted string' : type === 'int' ? 'an integer' : type === 'message' ? 'a message in { }' : `one of ${type.join(', ')}`;
    const found = value.kind === 'message' ? 'a message' : value.text;
    const wrong = () => this.fail(value, `${where}${field} must be ${expected}, found ${found}`);
    if (type === 'message') return value.kind === 'message' ? value.message : wrong();
    if (value.kind === 'message') return wrong();
    if (type === 'string') return value.kind === 'string' ? value.text : wrong();
    if (type === 'int') {
      // Leading zeros are refused: the text format reads 017 as octal, Number() as decimal.
      const digits = /^(-?)(0|[1-9]\d*|0[xX][0-9a-fA-F]+)$/.exec(value.kind === 'number' ? value.text : '');
      const number = digits ? (digits[1] ? -1 : 1) * Number(digits[2]) : NaN;
      return Number.isSafeInteger(number) ? number : wrong();
    }
    return value.kind === 'identifier' && type.includes(value.text) ? value.text : wrong();
  }

  /** The message's fields by name, each checked against the spec: unknown or repeated-once-too-often fields are refused. */
  read(message: TextMessage, spec: MessageSpec, where: string): Fields {
    const fields = new Fields();
    for (const field of message.fields) {
      const known = Object.hasOwn(spec, field.name) ? spec[field.name] : undefined;
      if (!known) this.fail(field, `${where}${field.name} is not a field Plinth's inference server honours; supported here: ${Object.keys(spec).join(', ')}`);
      if (fields.values.has(field.name) && !known.repeated) this.fail(field, `${where}${field.name} is given more than once`);
      fields.add(field.name, this.scalar(field.name, known.type, field.value, where), field);
    }
    return fields;
  }
}

/** A message's checked values by field name, with where each field first appears. */
class Fields {
  readonly values = new Map<string, Read[]>();
  private readonly positions = new Map<string, TextPosition>();

  add(name: string, value: Read, at: TextPosition): void {
    this.values.set(name, [...(this.values.get(name) ?? []), value]);
    if (!this.positions.has(name)) this.positions.set(name, { line: at.line, column: at.column });
  }

  at(name: string): TextPosition | undefined {
    return this.positions.get(name);
  }
}

function one<T extends Read>(fields: Fields, name: string): T | undefined {
  return fields.values.get(name)?.[0] as T | undefined;
}

function all<T extends Read>(fields: Fields, name: string): T[] {
  return (fields.values.get(name) ?? []) as T[];
}

/**
 * Reads a Triton config.pbtxt into the subset Plinth's inference server honours (max_batch_size,
 * dynamic_batching preferred sizes and queue delay, instance_group counts, version_policy, tensor
 * dims and reshape). Refuses, with ModelError 'invalid-config' naming line and column, text that is
 * not protobuf text format, fields outside the subset, and settings Triton itself would reject.
 */
export function parseTritonConfig(text: string, label = 'config.pbtxt'): TritonModelConfig {
  const reader = new ConfigReader(label);
  const top = reader.read(parseProtobufText(text, label), MODEL_CONFIG, '');
  const invalid = (message: string, field?: string): never => reader.fail(field ? top.at(field) : undefined, message);

  const platform = one<string>(top, 'platform');
  const backend = one<string>(top, 'backend');
  if (platform === undefined && backend === undefined) invalid('platform is missing: Plinth serves platform "onnxruntime_onnx" (or backend "onnxruntime")');
  if (platform !== undefined && platform !== 'onnxruntime_onnx') invalid(`platform "${platform}" is not served by Plinth: only "onnxruntime_onnx"`, 'platform');
  if (backend !== undefined && backend !== 'onnxruntime') invalid(`backend "${backend}" is not served by Plinth: only "onnxruntime"`, 'backend');

  const maxBatchSize = one<number>(top, 'max_batch_size') ?? 0;
  if (maxBatchSize < 0 || maxBatchSize > 2 ** 31 - 1) invalid(`max_batch_size must be 0 (no batching) or a positive int32, found ${maxBatchSize}`, 'max_batch_size');

  const tensors = (kind: 'input' | 'output'): TritonTensorConfig[] => {
    const list = all<TextMessage>(top, kind).map((message, index) => readTensor(reader, message, `${kind}[${index}].`));
    if (list.length === 0) invalid(`no ${kind}: Plinth needs every ${kind} listed with name, data_type and dims`);
    const names = list.map((tensor) => tensor.name);
    const repeated = names.find((name, index) => names.indexOf(name) !== index);
    if (repeated !== undefined) invalid(`${kind} "${repeated}" is listed twice`, kind);
    return list;
  };

  const config: TritonModelConfig = {
    name: one<string>(top, 'name') ?? '',
    platform: 'onnxruntime_onnx',
    maxBatchSize,
    input: tensors('input'),
    output: tensors('output'),
    instanceGroup: all<TextMessage>(top, 'instance_group').map((message, index) => readInstanceGroup(reader, message, `instance_group[${index}].`)),
    versionPolicy: readVersionPolicy(reader, one<TextMessage>(top, 'version_policy'), top.at('version_policy')),
  };
  const batching = one<TextMessage>(top, 'dynamic_batching');
  if (batching) {
    const values = reader.read(batching, DYNAMIC_BATCHING, 'dynamic_batching.');
    if (maxBatchSize === 0) invalid('dynamic_batching needs max_batch_size > 0: with 0 the model takes no batch dimension', 'dynamic_batching');
    const preferred = all<number>(values, 'preferred_batch_size');
    const outside = preferred.find((size) => size < 1 || size > maxBatchSize);
    if (outside !== undefined) reader.fail(values.at('preferred_batch_size'), `dynamic_batching.preferred_batch_size ${outside} is outside 1..max_batch_size (${maxBatchSize})`);
    const delay = one<number>(values, 'max_queue_delay_microseconds') ?? 0;
    if (delay < 0) reader.fail(values.at('max_queue_delay_microseconds'), `dynamic_batching.max_queue_delay_microseconds must be 0 or more, found ${delay}`);
    config.dynamicBatching = { preferredBatchSize: preferred, maxQueueDelayMicroseconds: delay };
  }
  return config;
}

function readTensor(reader: ConfigReader, message: TextMessage, where: string): TritonTensorConfig {
  const values = reader.read(message, TENSOR, where);
  const invalid = (problem: string, field?: string): never => reader.fail((field && values.at(field)) || message.fields[0], `${where}${problem}`);
  const name = one<string>(values, 'name') ?? invalid('name is missing');
  const dataType = (one<string>(values, 'data_type') as TritonDataType | undefined) ?? invalid(`data_type is missing (one of ${TRITON_DATA_TYPES.join(', ')})`);
  const dims = all<number>(values, 'dims');
  if (dims.length === 0) invalid('dims is missing: Triton needs at least one dimension (a scalar is dims: [ 1 ] with reshape: { shape: [ ] })');
  const badDim = dims.find((dim) => dim < 1 && dim !== -1);
  if (badDim !== undefined) invalid(`dims holds ${badDim}: each dimension is a positive size or -1 (any size)`, 'dims');
  const tensor: TritonTensorConfig = { name, dataType, dims };
  const reshape = one<TextMessage>(values, 'reshape');
  if (reshape) {
    const shape = all<number>(reader.read(reshape, RESHAPE, `${where}reshape.`), 'shape');
    const badShape = shape.find((dim) => dim < 1 && dim !== -1);
    if (badShape !== undefined) invalid(`reshape.shape holds ${badShape}: each dimension is a positive size or -1`, 'reshape');
    tensor.reshape = { shape };
  }
  return tensor;
}

function readInstanceGroup(reader: ConfigReader, message: TextMessage, where: string): TritonInstanceGroup {
  const values = reader.read(message, INSTANCE_GROUP, where);
  const count = one<number>(values, 'count') ?? 1;
  if (count < 1) reader.fail(values.at('count'), `${where}count must be 1 or more, found ${count}`);
  return { kind: (one<string>(values, 'kind') as TritonInstanceKind | undefined) ?? 'KIND_AUTO', count };
}

function readVersionPolicy(reader: ConfigReader, message: TextMessage | undefined, at: TextPosition | undefined): TritonVersionPolicy {
  if (!message) return { latest: { numVersions: 1 } };
  const values = reader.read(message, VERSION_POLICY, 'version_policy.');
  if (values.values.size !== 1) reader.fail(at, 'version_policy needs exactly one of latest, all, specific');
  const [[choice, [body]]] = [...values.values.entries()] as [string, TextMessage[]][];
  if (choice === 'all') {
    reader.read(body!, {}, 'version_policy.all.');
    return { all: {} };
  }
  if (choice === 'latest') {
    const numVersions = one<number>(reader.read(body!, LATEST, 'version_policy.latest.'), 'num_versions') ?? 1;
    if (numVersions < 1) reader.fail(at, `version_policy.latest.num_versions must be 1 or more, found ${numVersions}`);
    return { latest: { numVersions } };
  }
  const versions = all<number>(reader.read(body!, SPECIFIC, 'version_policy.specific.'), 'versions');
  if (versions.length === 0 || versions.some((version) => version < 1)) {
    reader.fail(at, `version_policy.specific.versions must list positive version numbers, found [${versions.join(', ')}]`);
  }
  return { specific: { versions } };
}
