import { fail, pass } from '../../engine/rule';
import { kubernetesRule, objectsOfKind, type KubernetesObject } from './shared/kubernetes-object';

export const namespaceNetworkPolicy = kubernetesRule({
  id: 'PLN-K8S-018',
  title: 'Namespaces have a network policy',
  severity: 'medium',
  kinds: ['Namespace'],
  rationale: 'A namespace without a network policy accepts traffic from every pod in the cluster.',
  remediation: 'Add a NetworkPolicy in the namespace (kubernetes_network_policy_v1, or a kubernetes_manifest of kind NetworkPolicy): deny by default, then allow the flows the component needs.',
  check(namespace, { graph }) {
    const name = namespace.fields.get('metadata.name');
    const covers = (policy: KubernetesObject): boolean =>
      policy.fields.get('metadata.namespace') === name || graph.targetsOf(policy.resource, { via: policy.fields.at('metadata') }).includes(namespace.resource);
    return objectsOfKind(graph, 'NetworkPolicy').some(covers)
      ? pass
      : fail(namespace.fields.at('metadata.name'), `${name === undefined ? 'namespace' : `"${String(name)}"`} has no NetworkPolicy`);
  },
});
