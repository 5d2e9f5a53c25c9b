/**
 * The part of Triton's ModelConfig (triton-inference-server/common protobuf/model_config.proto) that
 * Plinth writes and its inference server honours. Field names follow the proto, in camelCase.
 */

/** Triton's DataType names (model_config.proto `enum DataType`), TYPE_INVALID excluded. */
export const TRITON_DATA_TYPES = [
  'TYPE_BOOL',
  'TYPE_UINT8',
  'TYPE_UINT16',
  'TYPE_UINT32',
  'TYPE_UINT64',
  'TYPE_INT8',
  'TYPE_INT16',
  'TYPE_INT32',
  'TYPE_INT64',
  'TYPE_FP16',
  'TYPE_FP32',
  'TYPE_FP64',
  'TYPE_STRING',
  'TYPE_BF16',
] as const;
export type TritonDataType = (typeof TRITON_DATA_TYPES)[number];

/** `ModelInstanceGroup.Kind`. */
export const TRITON_INSTANCE_KINDS = ['KIND_AUTO', 'KIND_GPU', 'KIND_CPU', 'KIND_MODEL'] as const;
export type TritonInstanceKind = (typeof TRITON_INSTANCE_KINDS)[number];

export interface TritonTensorConfig {
  name: string;
  dataType: TritonDataType;
  /** Without the batch dimension when maxBatchSize > 0; -1 for a dimension of any size. */
  dims: number[];
  /** The shape the model itself takes, when it differs from dims: `{ shape: [] }` for a batch of scalars. */
  reshape?: { shape: number[] };
}

export interface TritonDynamicBatching {
  /** Batch sizes the batcher tries to form; empty: as large as possible up to maxBatchSize. */
  preferredBatchSize: number[];
  /** How long a request may wait for others to join its batch; 0: no wait. */
  maxQueueDelayMicroseconds: number;
}

export interface TritonInstanceGroup {
  kind: TritonInstanceKind;
  /** Instances (per GPU for KIND_GPU). Triton's default when absent is 1. */
  count: number;
}

/** `ModelVersionPolicy`: which version folders are served. Triton's default is `{ latest: { numVersions: 1 } }`. */
export type TritonVersionPolicy = { latest: { numVersions: number } } | { all: Record<string, never> } | { specific: { versions: number[] } };

export interface TritonModelConfig {
  name: string;
  platform: string;
  /** 0: no batching, dims are the full shapes. > 0: requests carry a leading batch dimension up to this size. */
  maxBatchSize: number;
  input: TritonTensorConfig[];
  output: TritonTensorConfig[];
  /** Present: requests are batched by the server. Needs maxBatchSize > 0. */
  dynamicBatching?: TritonDynamicBatching;
  instanceGroup: TritonInstanceGroup[];
  versionPolicy: TritonVersionPolicy;
}
