import type { NodeTaint } from '../kit';

/**
 * The tag EKS puts on every managed node group's autoscaling group (value `owned`), and the cluster
 * autoscaler discovers the groups it may resize by.
 */
export function autoscalerOwnershipTag(clusterName: string): string {
  return `k8s.io/cluster-autoscaler/${clusterName}`;
}

/**
 * The ASG tags that describe a node of an empty pool to the cluster autoscaler. With no node to look
 * at, it builds a template node from these: without the labels and taints it would not know that a
 * pending pod's nodeSelector and toleration match this pool, and without the GPU count it would not
 * know the pool offers `nvidia.com/gpu`, so a pool at zero would never scale up. See the autoscaler's
 * cloudprovider/aws/README.md, "Auto-Discovery Setup".
 */
export function autoscalerNodeTemplateTags(template: {
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly NodeTaint[];
  readonly gpusPerNode?: number;
}): Record<string, string> {
  const prefix = 'k8s.io/cluster-autoscaler/node-template';
  return {
    ...Object.fromEntries(Object.entries(template.labels).map(([key, value]) => [`${prefix}/label/${key}`, value])),
    ...Object.fromEntries(template.taints.map((taint) => [`${prefix}/taint/${taint.key}`, `${taint.value}:${taint.effect}`])),
    ...(template.gpusPerNode ? { [`${prefix}/resources/nvidia.com/gpu`]: String(template.gpusPerNode) } : {}),
  };
}
