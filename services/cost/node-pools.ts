import { AWS_GPU_FAMILIES, instanceFamily } from '../../core/config/gpu-instances';
import type { Resource } from '../../policies/engine/model';
import { asBlocks, asNumber, asStrings, attr, isObject, isTrue } from '../../policies/engine/values';
import { gpuDemandByPool, POOL_LABEL, type GpuDemand } from './gpu-demand';

export const NODE_POOL_TYPES: ReadonlySet<string> = new Set(['aws_eks_node_group', 'google_container_node_pool']);

/** How many nodes a pool runs while the platform is idle, and why. */
export interface PoolPlan {
  /** The pool's own floor: EKS `desired_size` (no autoscaler shrinks it below), GKE's autoscaling minimum. */
  readonly idle: number;
  /** Nodes that always-running GPU pods keep up (0 when none select the pool). */
  readonly held: number;
  readonly heldBy: readonly string[];
  readonly nodes: number;
  readonly spot: boolean;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

/**
 * Plans every node pool of an environment. A pool's GPU demand (gpu-demand.ts) goes to one pool with
 * its label: the spot one when a spot pool and its on-demand fallback share it, as the cluster
 * autoscaler's priority expander grows the spot pool first (the range up to the on-demand price covers the fallback).
 */
export function planPools(resources: readonly Resource[]): Map<Resource, PoolPlan> {
  const pools = resources.filter((r) => r.mode === 'managed' && NODE_POOL_TYPES.has(r.type)).sort((a, b) => (a.address < b.address ? -1 : 1));
  const demand = gpuDemandByPool(resources);
  const served = new Map<Resource, GpuDemand>();
  for (const need of demand.values()) {
    const candidates = pools.filter((pool) => labelsOf(pool)[POOL_LABEL] === need.pool);
    const pool = candidates.find(isSpot) ?? candidates[0];
    if (pool) served.set(pool, need);
  }
  return new Map(
    pools.map((pool) => {
      const { idle, min, max } = sizeOf(pool);
      const need = served.get(pool);
      const held = need ? Math.ceil(need.gpus / gpusPerNode(pool)) : 0;
      return [pool, { idle, held, heldBy: need?.by ?? [], nodes: Math.max(idle, held), spot: isSpot(pool), min, max }];
    }),
  );
}

export function isSpot(pool: Resource): boolean {
  if (pool.type === 'aws_eks_node_group') return pool.values.capacity_type === 'SPOT';
  return isTrue(attr(pool.values, 'node_config.spot')) || isTrue(attr(pool.values, 'node_config.preemptible'));
}

/** AWS: every instance type the group may launch (EKS defaults to t3.medium); GCP: the one machine type (default e2-medium). */
export function machineTypesOf(pool: Resource): string[] {
  if (pool.type === 'aws_eks_node_group') return asStrings(pool.values.instance_types) ?? ['t3.medium'];
  const machine = attr(pool.values, 'node_config.machine_type');
  return [typeof machine === 'string' ? machine : 'e2-medium'];
}

function labelsOf(pool: Resource): Record<string, unknown> {
  const labels = pool.type === 'aws_eks_node_group' ? pool.values.labels : attr(pool.values, 'node_config.labels');
  return isObject(labels) ? labels : {};
}

function sizeOf(pool: Resource): { idle: number; min?: number; max?: number } {
  if (pool.type === 'aws_eks_node_group') {
    const min = asNumber(attr(pool.values, 'scaling_config.min_size'));
    const max = asNumber(attr(pool.values, 'scaling_config.max_size'));
    return { idle: asNumber(attr(pool.values, 'scaling_config.desired_size')) ?? min ?? 0, min, max };
  }
  const zones = zonesOf(pool);
  const autoscaling = asBlocks(pool.values.autoscaling)[0];
  if (autoscaling) {
    const totalMin = asNumber(autoscaling.total_min_node_count);
    const totalMax = asNumber(autoscaling.total_max_node_count);
    const min = totalMin ?? (asNumber(autoscaling.min_node_count) ?? 0) * zones;
    const max = totalMax ?? (asNumber(autoscaling.max_node_count) ?? 0) * zones;
    return { idle: min, min, max };
  }
  // Without autoscaling the pool is fixed: node_count (or initial_node_count) in each of its zones.
  const fixed = (asNumber(pool.values.node_count) ?? asNumber(pool.values.initial_node_count) ?? 1) * zones;
  return { idle: fixed, min: fixed, max: fixed };
}

/** Zones of a GKE pool: its node_locations, else the three of a region (a location with no zone letter) or one. */
function zonesOf(pool: Resource): number {
  const locations = asStrings(pool.values.node_locations);
  if (locations && locations.length > 0) return locations.length;
  const location = pool.values.location;
  return typeof location === 'string' && /-[a-z]$/.test(location) ? 1 : 3;
}

/** GPUs on one node: the AWS family's size table, GCP's guest_accelerator count; 1 when neither says. */
function gpusPerNode(pool: Resource): number {
  if (pool.type === 'aws_eks_node_group') {
    const type = machineTypesOf(pool)[0]!;
    return AWS_GPU_FAMILIES[instanceFamily('aws', type)]?.gpusBySize[type.split('.')[1] ?? ''] ?? 1;
  }
  return asNumber(attr(pool.values, 'node_config.guest_accelerator.count')) ?? 1;
}
