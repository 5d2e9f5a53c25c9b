import type { Construct } from 'constructs';
import { ClusterAutoscaler } from '../../constructs/k8s/cluster-autoscaler';
import { ProgressiveDelivery } from '../../constructs/k8s/progressive-delivery';
import type { BlueprintEnvironment } from '../blueprint';
import type { RealtimeHandles } from './foundation';

/** The realtime blueprint has cluster add-ons when a GPU pool must scale from zero or Triton rolls out canaries. */
export function realtimeNeedsClusterAddons({ resolved }: BlueprintEnvironment): boolean {
  return resolved.capabilities.gpuInference || resolved.capabilities.triton;
}

/**
 * Cluster-wide controllers, applied before the workloads: the cluster autoscaler (GPU pools scale from
 * zero, so an idle pool costs nothing) and, with Triton, Argo Rollouts and KEDA with their CRDs, which
 * Terraform needs when it plans Triton's Rollout, AnalysisTemplate and ScaledObject.
 */
export function realtimeClusterAddons(scope: Construct, { resolved }: BlueprintEnvironment, handles: RealtimeHandles): void {
  if (handles.gpu) {
    new ClusterAutoscaler(scope, 'ClusterAutoscaler', {
      identity: handles.gpu.autoscaler,
      clusterName: handles.cluster.access.clusterName,
      region: resolved.region,
      kubernetesVersion: handles.kubernetesVersion,
    });
  }
  if (resolved.capabilities.triton) new ProgressiveDelivery(scope, 'ProgressiveDelivery', { replicas: resolved.highlyAvailable ? 2 : 1 });
}
