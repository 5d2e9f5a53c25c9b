import { fail, notApplicable, pass } from '../../engine/rule';
import { asNumber, isObject } from '../../engine/values';
import { kubernetesRule, namespaceOf, objectsOfKind, type KubernetesObject } from './shared/kubernetes-object';

export const podDisruptionBudget = kubernetesRule({
  id: 'PLN-K8S-021',
  title: 'Replicated services have a PodDisruptionBudget',
  severity: 'medium',
  kinds: ['Deployment', 'Rollout', 'StatefulSet'],
  rationale:
    'Node drains (cluster upgrades, node pool rotation, consolidation) evict pods without regard for the service; without a PodDisruptionBudget every replica can be evicted at once and the service goes down although it runs several (replicas above 1, or an HPA or KEDA ScaledObject that may add them).',
  remediation:
    'Add a PodDisruptionBudget in the same namespace whose selector matches the pod template\'s labels, with max_unavailable = 1 (maxUnavailable in a manifest) or a min_available below the replica count.',
  check(workload, { graph }) {
    const replicas = asNumber(workload.fields.get('spec.replicas'));
    const scaled = AUTOSCALER_KINDS.some((kind) => objectsOfKind(graph, kind).some((autoscaler) => targets(autoscaler, workload) && mayRunSeveral(autoscaler)));
    // One replica cannot stay up through a drain whatever the budget; an autoscaler may run several.
    if (!scaled && (replicas === undefined || replicas <= 1)) return notApplicable;
    const labels = workload.fields.get('spec.template.metadata.labels');
    const covered = objectsOfKind(graph, 'PodDisruptionBudget').some(
      (budget) => namespaceOf(budget) === namespaceOf(workload) && selects(budget.fields.get('spec.selector.match_labels'), labels),
    );
    return covered
      ? pass
      : fail(workload.fields.at('spec.template.metadata.labels'), `are selected by no PodDisruptionBudget in namespace "${String(namespaceOf(workload))}"`);
  },
});

/** What may run several replicas of a workload: an HPA, or a KEDA ScaledObject (whose HPA KEDA creates in the cluster). */
const AUTOSCALER_KINDS = ['HorizontalPodAutoscaler', 'ScaledObject'];

/** Whether an autoscaler scales this workload. */
function targets(autoscaler: KubernetesObject, workload: KubernetesObject): boolean {
  // A ScaledObject's target kind is optional and means a Deployment when left out.
  const kind = autoscaler.fields.get('spec.scale_target_ref.kind') ?? (autoscaler.kind === 'ScaledObject' ? 'Deployment' : undefined);
  return (
    namespaceOf(autoscaler) === namespaceOf(workload) &&
    kind === workload.kind &&
    autoscaler.fields.get('spec.scale_target_ref.name') === workload.fields.get('metadata.name')
  );
}

/** Whether an autoscaler may run more than one replica: an HPA's maxReplicas, a ScaledObject's maxReplicaCount (KEDA's default 100). */
function mayRunSeveral(autoscaler: KubernetesObject): boolean {
  const max = asNumber(autoscaler.fields.get(autoscaler.kind === 'ScaledObject' ? 'spec.max_replica_count' : 'spec.max_replicas'));
  return max === undefined || max > 1;
}

/** A label selector (match labels only) that selects pods with these labels; an empty selector selects every pod. */
function selects(selector: unknown, labels: unknown): boolean {
  if (!isObject(selector)) return false;
  return isObject(labels) && Object.entries(selector).every(([key, value]) => labels[key] === value);
}
