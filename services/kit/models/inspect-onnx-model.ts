import { ModelError } from './model-error';
import { onnxElementTypeName } from './onnx-element-types';
import { walkModel } from './onnx-graph-walk';
import { DATA_LOCATION_EXTERNAL, decodeModelProto, type ModelProto, type TensorShape, type TypeProto, type ValueInfo } from './onnx-schema';

/** A dimension: a fixed size, a symbolic name (`N`, `batch`), or -1 when the model says nothing about it. */
export type OnnxDim = number | string;

/** The type of a graph input or output. Tensors carry their dims unless the model leaves the rank open. */
export type OnnxValueType =
  | { kind: 'tensor' | 'sparse-tensor'; elementType: string; dims?: OnnxDim[] }
  | { kind: 'sequence' | 'optional'; element: OnnxValueType }
  | { kind: 'map'; keyType: string; value: OnnxValueType }
  | { kind: 'opaque' | 'unknown' };

export interface OnnxValueInfo {
  name: string;
  type: OnnxValueType;
  /** The type as onnxruntime writes it: `tensor(float)`, `seq(map(int64,tensor(float)))`. */
  typeName: string;
}

export interface OnnxOperatorUse {
  /** '' for the standard domain (a model may also write 'ai.onnx'; both are reported as ''). */
  domain: string;
  opType: string;
  /** Where each node using it sits, for messages. */
  places: string[];
}

export interface OnnxExternalTensor {
  name: string;
  /** How the tensor is held: an initializer, part of a sparse initializer, or a node attribute's value. */
  role: 'initializer' | 'sparse initializer' | 'attribute';
  /** The graph, or the node attribute, that holds it. */
  place: string;
  /** The file the data would be read from (`external_data` key `location`), when the model says. */
  location?: string;
}

export interface OnnxModelInspection {
  irVersion: number;
  producerName?: string;
  producerVersion?: string;
  /** Operator sets the model imports, domain '' for the standard one. */
  opsets: { domain: string; version: number }[];
  /** The inputs a caller feeds: graph inputs that are not initializers with a default value. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Each (domain, op_type) used anywhere: main graph, nested graphs, local functions; sorted. */
  operators: OnnxOperatorUse[];
  /** Initializers of the main graph. */
  initializerCount: number;
  /** Every stored tensor whose data lives outside this file (data_location EXTERNAL or external_data set). */
  externalTensors: OnnxExternalTensor[];
  metadata: Record<string, string>;
  sizeBytes: number;
}

/** What a caller calls the model in messages. */
export interface InspectOptions {
  /** @default 'model' */
  readonly label?: string;
}

const EXPECTED = 'expected an ONNX ModelProto as written by onnx.save or a converter';

/** 'ai.onnx' is the standard domain's long name; reporting both as '' gives one name per domain. */
export function normaliseDomain(domain: string | undefined): string {
  return domain === 'ai.onnx' || !domain ? '' : domain;
}

function describeDims(shape: TensorShape | undefined): OnnxDim[] | undefined {
  if (!shape) return undefined;
  return (shape.dim ?? []).map((dim) => dim.dim_value ?? (dim.dim_param || -1));
}

function describeType(type: TypeProto | undefined): OnnxValueType {
  if (type?.tensor_type) return { kind: 'tensor', elementType: onnxElementTypeName(type.tensor_type.elem_type), dims: describeDims(type.tensor_type.shape) };
  if (type?.sparse_tensor_type) {
    return { kind: 'sparse-tensor', elementType: onnxElementTypeName(type.sparse_tensor_type.elem_type), dims: describeDims(type.sparse_tensor_type.shape) };
  }
  if (type?.sequence_type) return { kind: 'sequence', element: describeType(type.sequence_type.elem_type) };
  if (type?.optional_type) return { kind: 'optional', element: describeType(type.optional_type.elem_type) };
  if (type?.map_type) return { kind: 'map', keyType: onnxElementTypeName(type.map_type.key_type), value: describeType(type.map_type.value_type) };
  if (type?.opaque_type) return { kind: 'opaque' };
  return { kind: 'unknown' };
}

/** onnxruntime's spelling of a type, so messages and reports match what users see from it. */
export function onnxTypeName(type: OnnxValueType): string {
  switch (type.kind) {
    case 'tensor':
      return `tensor(${type.elementType})`;
    case 'sparse-tensor':
      return `sparse_tensor(${type.elementType})`;
    case 'sequence':
      return `seq(${onnxTypeName(type.element)})`;
    case 'optional':
      return `optional(${onnxTypeName(type.element)})`;
    case 'map':
      return `map(${type.keyType},${onnxTypeName(type.value)})`;
    default:
      return type.kind;
  }
}

function describeValue(value: ValueInfo): OnnxValueInfo {
  const type = describeType(value.type);
  return { name: value.name ?? '', type, typeName: onnxTypeName(type) };
}

function decode(bytes: Uint8Array, label: string): ModelProto {
  if (bytes.length === 0) throw new ModelError('not-onnx', `${label} is not an ONNX model: the file is empty; ${EXPECTED}`);
  let model: ModelProto;
  try {
    model = decodeModelProto(bytes);
  } catch (error) {
    const message = (error as Error).message;
    // protobufjs stops at protoc's default depth (100 nested messages): deeper is a hostile or broken file.
    const why = /nesting depth/.test(message) ? 'messages nested deeper than protobuf allows' : error instanceof RangeError ? 'truncated or corrupt protobuf' : 'not a protobuf message';
    throw new ModelError('not-onnx', `${label} is not an ONNX model: ${why} (${message}); ${EXPECTED}`, { cause: error });
  }
  const missing = [
    !model.ir_version || model.ir_version < 1 ? 'ir_version' : undefined,
    !model.opset_import?.length ? 'opset_import' : undefined,
    !model.graph ? 'graph' : undefined,
  ].filter(Boolean);
  if (missing.length > 0) {
    throw new ModelError('not-onnx', `${label} is not an ONNX model: it has no ${missing.join(', no ')}; ${EXPECTED}`);
  }
  return model;
}

/** By code unit, not locale: the same order on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isExternal(tensor: { data_location?: number; external_data?: unknown[] }): boolean {
  return tensor.data_location === DATA_LOCATION_EXTERNAL || (tensor.external_data?.length ?? 0) > 0;
}

/**
 * Reads an ONNX model's signature, operators and data layout from its bytes, without running it and
 * without materialising its weights. Refuses bytes that are not an ONNX model with ModelError 'not-onnx'.
 */
export function inspectOnnxModel(bytes: Uint8Array, options: InspectOptions = {}): OnnxModelInspection {
  const model = decode(bytes, options.label ?? 'model');
  const graph = model.graph!;
  const walk = walkModel(model);

  const operators = new Map<string, OnnxOperatorUse>();
  for (const { node, place } of walk.nodes) {
    const domain = normaliseDomain(node.domain);
    const opType = node.op_type ?? '';
    const key = `${domain}\u0000${opType}`;
    const use = operators.get(key) ?? { domain, opType, places: [] };
    use.places.push(place);
    operators.set(key, use);
  }

  const initializerNames = new Set((graph.initializer ?? []).map((tensor) => tensor.name));
  return {
    irVersion: model.ir_version!,
    producerName: model.producer_name,
    producerVersion: model.producer_version,
    opsets: model.opset_import!.map((opset) => ({ domain: normaliseDomain(opset.domain), version: opset.version ?? 0 })),
    inputs: (graph.input ?? []).filter((input) => !initializerNames.has(input.name)).map(describeValue),
    outputs: (graph.output ?? []).map(describeValue),
    operators: [...operators.values()].sort((a, b) => compare(a.domain, b.domain) || compare(a.opType, b.opType)),
    initializerCount: graph.initializer?.length ?? 0,
    externalTensors: walk.tensors
      .filter(({ tensor }) => isExternal(tensor))
      .map(({ tensor, role, place }) => ({
        name: tensor.name ?? '',
        role,
        place,
        location: tensor.external_data?.find((entry) => entry.key === 'location')?.value,
      })),
    metadata: Object.fromEntries((model.metadata_props ?? []).map((entry) => [entry.key ?? '', entry.value ?? ''])),
    sizeBytes: bytes.length,
  };
}
