import { blueprint } from '../blueprint';
import { realtimeClusterAddons, realtimeNeedsClusterAddons } from './addons';
import { REALTIME_DEFAULTS } from './defaults';
import { realtimeFoundation } from './foundation';
import { realtimeWorkloads } from './workloads';

/**
 * The realtime blueprint: startup, plus online inference. Foundation: a GPU pool that scales from
 * zero, Triton's read-only identity on its model prefix, the feature store's online cache. Cluster
 * add-ons: the cluster autoscaler, Argo Rollouts and KEDA. Workloads: NVIDIA's device plugin and DCGM
 * exporter, Triton as a canary Rollout autoscaled on queue time, the GPU alerts and dashboard.
 */
export const realtimeBlueprint = blueprint({
  name: 'realtime',
  description: 'Startup, plus a GPU inference pool that scales from zero, a feature store and Triton with canary rollouts and autoscaling',
  defaults: REALTIME_DEFAULTS,
  foundation: realtimeFoundation,
  needsClusterAddons: realtimeNeedsClusterAddons,
  clusterAddons: realtimeClusterAddons,
  workloads: realtimeWorkloads,
});
