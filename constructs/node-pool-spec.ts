import { ACCELERATOR_NODES, type NodePoolSpec, type NodeTaint } from './kit';

/** Taint effects as both clouds' node pool APIs spell them (EKS `taint`, GKE `node_config.taint`). */
export const TAINT_EFFECTS: Readonly<Record<NodeTaint['effect'], string>> = {
  NoSchedule: 'NO_SCHEDULE',
  PreferNoSchedule: 'PREFER_NO_SCHEDULE',
  NoExecute: 'NO_EXECUTE',
};

/**
 * Every problem of a pool request, each naming its field, so one run shows them all. The name rule is
 * the stricter of the clouds' (EKS node groups; GKE allows 40 characters): a config valid on one cloud
 * stays valid on the other.
 */
export function nodePoolSpecProblems(name: string, spec: NodePoolSpec): string[] {
  const problems: string[] = [];
  if (!/^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/.test(name)) {
    problems.push(`name "${name}" must be 1-20 lower-case letters, digits and "-", starting with a letter and not ending with "-"`);
  }
  if (spec.instanceTypes.length === 0) problems.push('instanceTypes must list at least one instance type');
  for (const field of ['minSize', 'desiredSize', 'maxSize'] as const) {
    if (!Number.isInteger(spec[field]) || spec[field] < 0) problems.push(`${field} must be a whole number of nodes, 0 or more, got ${spec[field]}`);
  }
  if (spec.maxSize < 1) problems.push(`maxSize must be at least 1, got ${spec.maxSize}`);
  if (spec.spotFallbackToOnDemand && spec.capacity !== 'spot') {
    problems.push(`spotFallbackToOnDemand applies to spot pools only, but capacity is "${spec.capacity ?? 'on-demand'}"`);
  }
  if (spec.minSize > spec.desiredSize || spec.desiredSize > spec.maxSize) {
    problems.push(`sizes must satisfy minSize <= desiredSize <= maxSize, got ${spec.minSize} <= ${spec.desiredSize} <= ${spec.maxSize}`);
  }
  return problems;
}

/** A pool's node labels and taints: the blueprint's, its accelerator's (whose taint replaces one of the same key), and `plinth.dev/pool`. */
export function nodePoolLabelsAndTaints(name: string, spec: NodePoolSpec, extraLabels: Readonly<Record<string, string>> = {}): { labels: Record<string, string>; taints: NodeTaint[] } {
  const accelerator = spec.accelerator && ACCELERATOR_NODES[spec.accelerator.kind];
  return {
    labels: { ...spec.labels, ...accelerator?.labels, ...extraLabels, 'plinth.dev/pool': name },
    taints: [...(spec.taints ?? []).filter((taint) => taint.key !== accelerator?.taint.key), ...(accelerator ? [accelerator.taint] : [])],
  };
}
