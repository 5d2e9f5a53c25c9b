import type { OnnxDim, OnnxModelInspection, OnnxValueInfo } from './inspect-onnx-model';
import { ModelError } from './model-error';
import type {
  TritonDataType,
  TritonDynamicBatching,
  TritonInstanceKind,
  TritonModelConfig,
  TritonTensorConfig,
  TritonVersionPolicy,
} from './triton-model-config';

/**
 * ONNX element types (onnxruntime's names) to Triton's, as Triton's onnxruntime backend maps them.
 * onnxruntime also runs complex, 8-bit float, 4-bit and 2-bit integer tensors, but Triton has no
 * datatype for them: such an input or output is refused, naming it.
 */
const TRITON_DATA_TYPE: Record<string, TritonDataType> = {
  bool: 'TYPE_BOOL',
  uint8: 'TYPE_UINT8',
  uint16: 'TYPE_UINT16',
  uint32: 'TYPE_UINT32',
  uint64: 'TYPE_UINT64',
  int8: 'TYPE_INT8',
  int16: 'TYPE_INT16',
  int32: 'TYPE_INT32',
  int64: 'TYPE_INT64',
  float16: 'TYPE_FP16',
  float: 'TYPE_FP32',
  double: 'TYPE_FP64',
  string: 'TYPE_STRING',
  bfloat16: 'TYPE_BF16',
};

/** Triton's own default when it completes an ONNX model's config (`--backend-config=default-max-batch-size`). */
export const DEFAULT_MAX_BATCH_SIZE = 4;

export interface TritonConfigOptions {
  /** The model's name: its folder in the model repository. */
  readonly name: string;
  /**
   * The largest batch the server forms. Used only when the model can batch (the first dimension of
   * every input and output is dynamic); 0 turns batching off for such a model too.
   * @default DEFAULT_MAX_BATCH_SIZE (4)
   */
  readonly maxBatchSize?: number;
  /**
   * The dynamic batcher's options, for a model that batches.
   * @default - `dynamic_batching { }`: batches as large as possible, no waiting
   */
  readonly dynamicBatching?: Partial<TritonDynamicBatching>;
  /** @default 1 */
  readonly instanceCount?: number;
  /** @default 'KIND_CPU' (Plinth's onnxruntime serves on CPU) */
  readonly instanceKind?: TritonInstanceKind;
  /** @default - the latest version only: `{ latest: { numVersions: 1 } }` */
  readonly versionPolicy?: TritonVersionPolicy;
}

function isDynamic(dim: OnnxDim): boolean {
  return typeof dim === 'string' || dim < 0;
}

/** The model batches along its first dimension when every input and output starts with a dynamic one. */
export function batchesOnFirstDim(inspection: OnnxModelInspection): boolean {
  return [...inspection.inputs, ...inspection.outputs].every(
    (value) => value.type.kind === 'tensor' && value.type.dims !== undefined && value.type.dims.length > 0 && isDynamic(value.type.dims[0]!),
  );
}

function tensorConfig(value: OnnxValueInfo, role: 'input' | 'output', batched: boolean, problems: string[]): TritonTensorConfig | undefined {
  const { type } = value;
  if (type.kind !== 'tensor') {
    const zipMap = type.kind === 'sequence' && type.element.kind === 'map' ? " (scikit-learn's ZipMap: convert with options={'zipmap': False} so probabilities are a tensor)" : '';
    problems.push(`${role} '${value.name}' is ${value.typeName}${zipMap}; Triton serves tensors only`);
    return undefined;
  }
  const dataType = TRITON_DATA_TYPE[type.elementType];
  if (!dataType) problems.push(`${role} '${value.name}' is ${value.typeName}, which has no Triton datatype (supported: ${Object.keys(TRITON_DATA_TYPE).join(', ')})`);
  if (!type.dims) problems.push(`${role} '${value.name}' has no shape in the model; Triton needs its dimensions`);
  if (!dataType || !type.dims) return undefined;
  const dims = (batched ? type.dims.slice(1) : type.dims).map((dim) => (isDynamic(dim) ? -1 : (dim as number)));
  // Triton needs at least one dimension: a (batch of) scalars is declared [1] and reshaped to [] for the model.
  return dims.length > 0 ? { name: value.name, dataType, dims } : { name: value.name, dataType, dims: [1], reshape: { shape: [] } };
}

function positiveInteger(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new ModelError('invalid-argument', `${option} must be a positive integer, found ${value}`);
  return value;
}

/**
 * Triton's model configuration for an ONNX model on onnxruntime: batched (the batch dimension left out
 * of dims, dynamic batching on) when every input and output starts with a dynamic dimension,
 * otherwise max_batch_size 0 and full dims. Refuses (ModelError 'unsupported-type') inputs or outputs
 * Triton cannot carry, naming every one.
 */
export function tritonConfigForOnnx(inspection: OnnxModelInspection, options: TritonConfigOptions): TritonModelConfig {
  if (!options.name) throw new ModelError('invalid-argument', 'the model name is empty: it is the model\'s folder in the repository');
  const requested = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  if (requested !== 0) positiveInteger(requested, 'maxBatchSize');
  const maxBatchSize = batchesOnFirstDim(inspection) ? requested : 0;

  const problems: string[] = [];
  const input = inspection.inputs.map((value) => tensorConfig(value, 'input', maxBatchSize > 0, problems));
  const output = inspection.outputs.map((value) => tensorConfig(value, 'output', maxBatchSize > 0, problems));
  if (problems.length > 0) throw new ModelError('unsupported-type', `model '${options.name}' cannot be served by Triton: ${problems.join('; ')}`);

  const config: TritonModelConfig = {
    name: options.name,
    platform: 'onnxruntime_onnx',
    maxBatchSize,
    input: input as TritonTensorConfig[],
    output: output as TritonTensorConfig[],
    instanceGroup: [{ kind: options.instanceKind ?? 'KIND_CPU', count: positiveInteger(options.instanceCount ?? 1, 'instanceCount') }],
    versionPolicy: options.versionPolicy ?? { latest: { numVersions: 1 } },
  };
  if (maxBatchSize > 0) {
    const preferred = (options.dynamicBatching?.preferredBatchSize ?? []).map((size) => positiveInteger(size, 'dynamicBatching.preferredBatchSize'));
    const tooLarge = preferred.find((size) => size > maxBatchSize);
    if (tooLarge !== undefined) throw new ModelError('invalid-argument', `dynamicBatching.preferredBatchSize ${tooLarge} is larger than maxBatchSize ${maxBatchSize}`);
    const delay = options.dynamicBatching?.maxQueueDelayMicroseconds ?? 0;
    if (!Number.isSafeInteger(delay) || delay < 0) throw new ModelError('invalid-argument', `dynamicBatching.maxQueueDelayMicroseconds must be 0 or more, found ${delay}`);
    config.dynamicBatching = { preferredBatchSize: preferred, maxQueueDelayMicroseconds: delay };
  }
  return config;
}
