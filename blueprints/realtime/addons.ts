import type { Construct } from 'constructs';
import { ClusterAutoscaler } from '../../constructs/k8s/cluster-autoscaler';
import { ProgressiveDelivery } from '../../constructs/k8s/progressive-delivery';
import type { WorkloadIdentity } from '../../constructs/kit';
import type { BlueprintEnvironment } from '../blueprint';
import type { RealtimeHandles } from './foundation';

/**
 * The realtime blueprint has cluster add-ons when a GPU pool must scale from zero or Triton rolls out canaries.
 * Decided from the config alone (before the foundation exists): on a cluster that autoscales itself, GPU inference
 * without Triton leaves an add-ons stack with nothing in it, which costs a plan and nothing else.
 */
export function realtimeNeedsClusterAddons({ resolved }: BlueprintEnvironment): boolean {
  return resolved.capabilities.gpuInference || resolved.capabilities.triton;
}

/**
 * Cluster-wide controllers, applied before the workloads: the cluster autoscaler (GPU pools scale from
 * zero, so an idle pool costs nothing) and, with Triton, Argo Rollouts and KEDA with their CRDs, which
 * Terraform needs when it plans Triton's Rollout, AnalysisTemplate and ScaledObject.
 */
export function realtimeClusterAddons(scope: Construct, environment: BlueprintEnvironment, handles: RealtimeHandles): void {
  clusterAddons(scope, environment, handles, { autoscaler: handles.gpu?.autoscaler, progressiveDelivery: environment.resolved.capabilities.triton });
}

/**
 * The add-ons a blueprint asks for: the cluster autoscaler when a pool scales (its identity given),
 * and Argo Rollouts with KEDA when a workload rolls out canaries or autoscales on Prometheus.
 */
export function clusterAddons(
  scope: Construct,
  { resolved }: BlueprintEnvironment,
  handles: Pick<RealtimeHandles, 'cluster' | 'kubernetesVersion'>,
  wanted: { readonly autoscaler?: WorkloadIdentity; readonly progressiveDelivery: boolean },
): void {
  // A cluster that autoscales its pools itself (GKE) has no autoscaler identity in its handles either.
  if (wanted.autoscaler && !handles.cluster.managedAddons.includes('node-autoscaler')) {
    new ClusterAutoscaler(scope, 'ClusterAutoscaler', {
      identity: wanted.autoscaler,
      clusterName: handles.cluster.access.clusterName,
      region: resolved.region,
      kubernetesVersion: handles.kubernetesVersion,
      // Spot pools that fall back to on-demand are grown first; without one, any fitting pool will do.
      nodeGroupPriorities: handles.cluster.nodeGroupPriorities(),
    });
  }
  if (wanted.progressiveDelivery) new ProgressiveDelivery(scope, 'ProgressiveDelivery', { replicas: resolved.highlyAvailable ? 2 : 1 });
}
