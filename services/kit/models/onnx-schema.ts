import * as protobuf from 'protobufjs';

/**
 * The part of ONNX's protobuf schema that Plinth reads, for protobufjs.
 *
 * Why a subset: the gates only need the graph's signature, operators, opsets and where tensors keep
 * their data. protobufjs skips fields a message does not declare, so leaving out the weights
 * (float_data, raw_data, ...) and everything else means a model is checked without materialising its
 * weights, and no copy of onnx.proto (with its license and its churn) lives in this repo.
 *
 * Where the numbers come from: onnx/onnx.proto (proto2, `package onnx`) as shipped in the onnx 1.23.1
 * wheel (onnx/onnx-ml.proto, identical numbering). Field numbers are stable across ONNX releases; new
 * fields get new numbers, so this subset reads models from older and newer writers alike.
 *
 * Besides the fields the signature needs, it declares the ones through which a graph nests: node
 * attributes holding a graph (If, Loop, Scan bodies) or a tensor (Constant), sparse initializers, and
 * model-local functions. An operator or external tensor hidden there must not escape the checks.
 */
const ONNX_SUBSET_PROTO = `
syntax = "proto2";
package onnx;

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
  repeated FunctionProto functions = 25;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated SparseTensorProto sparse_initializer = 15;
}

message FunctionProto {
  optional string name = 1;
  repeated NodeProto node = 7;
  optional string domain = 10;
}

message NodeProto {
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}

message AttributeProto {
  optional string name = 1;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
  optional SparseTensorProto sparse_tensor = 22;
  repeated SparseTensorProto sparse_tensors = 23;
}

message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
}

message SparseTensorProto {
  optional TensorProto values = 1;
  optional TensorProto indices = 2;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  message Sequence {
    optional TypeProto elem_type = 1;
  }
  message Map {
    optional int32 key_type = 1;
    optional TypeProto value_type = 2;
  }
  message Optional {
    optional TypeProto elem_type = 1;
  }
  oneof value {
    Tensor tensor_type = 1;
    Sequence sequence_type = 4;
    Map map_type = 5;
    Opaque opaque_type = 7;
    Tensor sparse_tensor_type = 8;
    Optional optional_type = 9;
  }
  message Opaque {
    optional string domain = 1;
    optional string name = 2;
  }
}
`;

/** `TensorProto.DataLocation.EXTERNAL`: the tensor's bytes are in another file. */
export const DATA_LOCATION_EXTERNAL = 1;

export interface StringStringEntry {
  key?: string;
  value?: string;
}
export interface TensorShape {
  dim?: { dim_value?: number; dim_param?: string }[];
}
export interface TensorTypeProto {
  elem_type?: number;
  shape?: TensorShape;
}
export interface TypeProto {
  tensor_type?: TensorTypeProto;
  sparse_tensor_type?: TensorTypeProto;
  sequence_type?: { elem_type?: TypeProto };
  map_type?: { key_type?: number; value_type?: TypeProto };
  optional_type?: { elem_type?: TypeProto };
  opaque_type?: { domain?: string; name?: string };
}
export interface ValueInfo {
  name?: string;
  type?: TypeProto;
}
export interface TensorProto {
  dims?: number[];
  data_type?: number;
  name?: string;
  external_data?: StringStringEntry[];
  data_location?: number;
}
export interface SparseTensorProto {
  values?: TensorProto;
  indices?: TensorProto;
}
export interface AttributeProto {
  name?: string;
  t?: TensorProto;
  g?: GraphProto;
  tensors?: TensorProto[];
  graphs?: GraphProto[];
  sparse_tensor?: SparseTensorProto;
  sparse_tensors?: SparseTensorProto[];
}
export interface NodeProto {
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: AttributeProto[];
}
export interface GraphProto {
  name?: string;
  node?: NodeProto[];
  initializer?: TensorProto[];
  sparse_initializer?: SparseTensorProto[];
  input?: ValueInfo[];
  output?: ValueInfo[];
}
export interface FunctionProto {
  name?: string;
  domain?: string;
  node?: NodeProto[];
}
/** A decoded ModelProto as plain data: absent fields are absent (proto2 has presence), int64s are numbers. */
export interface ModelProto {
  ir_version?: number;
  producer_name?: string;
  producer_version?: string;
  graph?: GraphProto;
  opset_import?: { domain?: string; version?: number }[];
  metadata_props?: StringStringEntry[];
  functions?: FunctionProto[];
}

let modelType: protobuf.Type | undefined;

/** Parsed once, on first use: `keepCase` keeps ONNX's snake_case names, so they match onnx.proto. */
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_SUBSET_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Decodes ModelProto bytes into plain data. Throws protobufjs's own error for bytes that are not a
 * protobuf message (the caller words the refusal).
 */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  const type = onnxModelType();
  // int64 as numbers: dims and versions beyond 2^53 do not occur in a model that fits in memory.
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false, arrays: false }) as ModelProto;
}
