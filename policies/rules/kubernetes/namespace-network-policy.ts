import type { Resource } from '../../engine/model';
import { fail, pass, resourceRule } from '../../engine/rule';
import { attr } from '../../engine/values';

const POLICY_TYPES = ['kubernetes_network_policy', 'kubernetes_network_policy_v1'];

export const namespaceNetworkPolicy = resourceRule({
  id: 'PLN-K8S-018',
  title: 'Namespaces have a network policy',
  severity: 'medium',
  resourceTypes: ['kubernetes_namespace', 'kubernetes_namespace_v1'],
  rationale: 'A namespace without a network policy accepts traffic from every pod in the cluster.',
  remediation: 'Add a kubernetes_network_policy in the namespace: deny by default, then allow the flows the component needs.',
  check(namespace, { graph }) {
    const name = attr(namespace.values, 'metadata.name');
    const policies = POLICY_TYPES.flatMap((type) => graph.ofType(type));
    const covers = (policy: Resource): boolean =>
      attr(policy.values, 'metadata.namespace') === name || graph.targetsOf(policy, { via: 'metadata' }).includes(namespace);
    return policies.some(covers) ? pass : fail('metadata.name', `${name === undefined ? 'namespace' : `"${String(name)}"`} has no kubernetes_network_policy`);
  },
});
