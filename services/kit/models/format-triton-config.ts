import type { TritonModelConfig, TritonTensorConfig, TritonVersionPolicy } from './triton-model-config';

/**
 * A quoted text-format string: quotes, backslashes and control characters escaped (octal, as
 * protobuf's own printer does), other characters kept as they are (the format is UTF-8).
 */
function quote(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]/g, (char) => {
    if (char === '\\' || char === '"') return `\\${char}`;
    if (char === '\n') return '\\n';
    if (char === '\t') return '\\t';
    return `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`;
  });
  return `"${escaped}"`;
}

function list(values: readonly number[]): string {
  return values.length === 0 ? '[ ]' : `[ ${values.join(', ')} ]`;
}

function tensor(config: TritonTensorConfig): string {
  const lines = [`    name: ${quote(config.name)}`, `    data_type: ${config.dataType}`, `    dims: ${list(config.dims)}`];
  if (config.reshape) lines.push(`    reshape: { shape: ${list(config.reshape.shape)} }`);
  return `  {\n${lines.join('\n')}\n  }`;
}

function block(name: string, items: string[]): string {
  return `${name} [\n${items.join(',\n')}\n]`;
}

function versionPolicy(policy: TritonVersionPolicy): string {
  if ('all' in policy) return 'version_policy: { all: { } }';
  if ('specific' in policy) return `version_policy: { specific: { versions: ${list(policy.specific.versions)} } }`;
  return `version_policy: { latest: { num_versions: ${policy.latest.numVersions} } }`;
}

/** Triton's config.pbtxt for a model config, laid out as Triton's documentation writes it. */
export function formatTritonConfig(config: TritonModelConfig): string {
  const parts = [
    `name: ${quote(config.name)}`,
    `platform: ${quote(config.platform)}`,
    `max_batch_size: ${config.maxBatchSize}`,
    block('input', config.input.map(tensor)),
    block('output', config.output.map(tensor)),
  ];
  const batching = config.dynamicBatching;
  if (batching) {
    const options = [
      ...(batching.preferredBatchSize.length > 0 ? [`  preferred_batch_size: ${list(batching.preferredBatchSize)}`] : []),
      ...(batching.maxQueueDelayMicroseconds > 0 ? [`  max_queue_delay_microseconds: ${batching.maxQueueDelayMicroseconds}`] : []),
    ];
    parts.push(options.length === 0 ? 'dynamic_batching { }' : `dynamic_batching {\n${options.join('\n')}\n}`);
  }
  if (config.instanceGroup.length > 0) {
    parts.push(block('instance_group', config.instanceGroup.map((group) => `  {\n    kind: ${group.kind}\n    count: ${group.count}\n  }`)));
  }
  parts.push(versionPolicy(config.versionPolicy));
  return `${parts.join('\n')}\n`;
}
