import type { Attributes, Resource } from '../../../engine/model';
import { asBlocks, asStrings, attr, isObject, isTrue } from '../../../engine/values';

/**
 * Node pools on both clouds, read the same way: EKS managed node groups and GKE node pools (and a
 * GKE cluster's default pool). Which pools hold GPUs, whether they are spot, how they scale.
 */
export const NODE_POOL_TYPES = ['aws_eks_node_group', 'google_container_node_pool'];

/** NVIDIA GPU instance families (p3, p4d, p5, g4dn, g5, g6, g6e, gr6) and GPU machine families (a2, a3, g2). */
const AWS_GPU_INSTANCE = /^(p\d|g\d|gr\d)/;
const GCP_GPU_MACHINE = /^(a2|a3|a4|g2)-/;
export const GPU_TAINT_KEY = 'nvidia.com/gpu';

export function isGpuPool(pool: Resource): boolean {
  if (pool.type === 'aws_eks_node_group') {
    const ami = pool.values.ami_type;
    if (typeof ami === 'string' && /GPU|NVIDIA/.test(ami)) return true;
    return (asStrings(pool.values.instance_types) ?? []).some((type) => AWS_GPU_INSTANCE.test(type));
  }
  const machine = attr(pool.values, 'node_config.machine_type');
  return asBlocks(attr(pool.values, 'node_config.guest_accelerator')).length > 0 || (typeof machine === 'string' && GCP_GPU_MACHINE.test(machine));
}

export interface Taint {
  readonly key: unknown;
  readonly effect: unknown;
}

export function taints(pool: Resource): Taint[] {
  const blocks = pool.type === 'aws_eks_node_group' ? asBlocks(pool.values.taint) : asBlocks(attr(pool.values, 'node_config.taint'));
  return blocks.map((taint) => ({ key: taint.key, effect: taint.effect }));
}

/** Where the taints of a pool are set, for messages. */
export function taintAttribute(pool: Resource): string {
  return pool.type === 'aws_eks_node_group' ? 'taint' : 'node_config.taint';
}

export interface PoolSize {
  readonly min: unknown;
  readonly max: unknown;
  readonly minAttribute: string;
  readonly maxAttribute: string;
}

export function poolSize(pool: Resource): PoolSize {
  if (pool.type === 'aws_eks_node_group') {
    return { min: attr(pool.values, 'scaling_config.min_size'), max: attr(pool.values, 'scaling_config.max_size'), minAttribute: 'scaling_config.min_size', maxAttribute: 'scaling_config.max_size' };
  }
  const autoscaling = asBlocks(pool.values.autoscaling)[0];
  if (!autoscaling) {
    // Without autoscaling the pool is fixed at node_count (per zone).
    return { min: pool.values.node_count ?? 1, max: pool.values.node_count ?? 1, minAttribute: 'node_count', maxAttribute: 'node_count' };
  }
  const total = autoscaling.total_max_node_count !== undefined;
  return {
    min: total ? autoscaling.total_min_node_count : autoscaling.min_node_count,
    max: total ? autoscaling.total_max_node_count : autoscaling.max_node_count,
    minAttribute: total ? 'autoscaling.total_min_node_count' : 'autoscaling.min_node_count',
    maxAttribute: total ? 'autoscaling.total_max_node_count' : 'autoscaling.max_node_count',
  };
}

export function isSpot(pool: Resource): boolean {
  if (pool.type === 'aws_eks_node_group') return pool.values.capacity_type === 'SPOT';
  return isTrue(attr(pool.values, 'node_config.spot')) || isTrue(attr(pool.values, 'node_config.preemptible'));
}

/** Labels that say a pool (or workload) serves models: `workload`, `plinth.io/workload` or the component label. */
const SERVING = /^(serving|inference|triton|online)$/;
const ROLE_LABELS = ['workload', 'plinth.io/workload', 'app.kubernetes.io/component', 'role'];

export function servesModels(labels: unknown, name: unknown): boolean {
  if (isObject(labels) && ROLE_LABELS.some((key) => typeof labels[key] === 'string' && SERVING.test(labels[key] as string))) return true;
  return typeof name === 'string' && /serving|inference|triton/.test(name);
}

export function isServingPool(pool: Resource): boolean {
  const values: Attributes = pool.values;
  if (pool.type === 'aws_eks_node_group') return servesModels(values.labels, values.node_group_name ?? pool.name);
  return servesModels(attr(values, 'node_config.labels'), values.name ?? pool.name);
}

