import type { TritonDataType, TritonModelConfig, TritonTensorConfig } from '../../kit/models/triton-model-config';
import { ServiceError } from '../../kit/server/errors';
import type { RuntimeModelConfig, RuntimeTensorConfig } from '../runtime/model-config';
import type { V2Datatype } from '../tensor';

/** Triton's config datatype names as the v2 protocol names them (`TYPE_STRING` is `BYTES`). */
function v2Datatype(dataType: TritonDataType, where: string): V2Datatype {
  if (dataType === 'TYPE_STRING') return 'BYTES';
  if (dataType === 'TYPE_BF16') throw new ServiceError('invalid', `${where}: TYPE_BF16 is not served (onnxruntime-node has no bfloat16 tensors)`);
  return dataType.slice('TYPE_'.length) as V2Datatype;
}

function tensor(config: TritonTensorConfig, where: string): RuntimeTensorConfig {
  // A reshape gives the model's own shape: the runtime checks requests against what the model takes.
  return { name: config.name, datatype: v2Datatype(config.dataType, `${where} "${config.name}"`), dims: config.reshape?.shape ?? config.dims };
}

/** What the runtime honours of a model's config.pbtxt: batching, dynamic batching, CPU instances, tensors. */
export function runtimeConfig(config: TritonModelConfig): RuntimeModelConfig {
  const where = `model "${config.name}" config.pbtxt`;
  return {
    maxBatchSize: config.maxBatchSize,
    ...(config.dynamicBatching ? { dynamicBatching: { preferredBatchSize: config.dynamicBatching.preferredBatchSize, maxQueueDelayMicroseconds: config.dynamicBatching.maxQueueDelayMicroseconds } } : {}),
    // Every group runs on the CPU here (KIND_GPU included: this server is Triton without a GPU).
    instanceCount: Math.max(1, config.instanceGroup.reduce((sum, group) => sum + group.count, 0)),
    ...(config.input.length > 0 ? { input: config.input.map((input) => tensor(input, `${where} input`)) } : {}),
    ...(config.output.length > 0 ? { output: config.output.map((output) => tensor(output, `${where} output`)) } : {}),
  };
}

/** The versions a version policy serves among those in the repository (ascending numbers). */
export function servedVersions(config: TritonModelConfig, available: readonly number[]): number[] {
  const policy = config.versionPolicy;
  if ('all' in policy) return [...available];
  if ('specific' in policy) return available.filter((version) => policy.specific.versions.includes(version));
  return available.slice(-Math.max(1, policy.latest.numVersions));
}
