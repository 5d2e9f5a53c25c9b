import type { TritonModelConfig, TritonTensorConfig } from '../../kit/models/triton-model-config';

/**
 * A model's configuration as Triton's `GET /v2/models/{model}/config` answers it: model_config.proto's
 * fields in their JSON names (snake_case), the parts this server honours.
 */
export function modelConfigJson(config: TritonModelConfig): object {
  const tensor = (entry: TritonTensorConfig) => ({
    name: entry.name,
    data_type: entry.dataType,
    dims: entry.dims,
    ...(entry.reshape ? { reshape: { shape: entry.reshape.shape } } : {}),
  });
  const policy = config.versionPolicy;
  return {
    name: config.name,
    platform: config.platform,
    backend: 'onnxruntime',
    max_batch_size: config.maxBatchSize,
    input: config.input.map(tensor),
    output: config.output.map(tensor),
    ...(config.dynamicBatching
      ? { dynamic_batching: { preferred_batch_size: config.dynamicBatching.preferredBatchSize, max_queue_delay_microseconds: config.dynamicBatching.maxQueueDelayMicroseconds } }
      : {}),
    instance_group: config.instanceGroup.map((group) => ({ kind: group.kind, count: group.count })),
    version_policy: 'latest' in policy ? { latest: { num_versions: policy.latest.numVersions } } : 'all' in policy ? { all: {} } : { specific: { versions: policy.specific.versions } },
  };
}
