import { fail, pass, resourceRule } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';

export const gkeNetworkPolicy = resourceRule({
  id: 'PLN-GCP-011',
  title: 'GKE clusters enforce network policies',
  severity: 'medium',
  checkov: 'CKV_GCP_12',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Without enforcement, Kubernetes NetworkPolicies are ignored and every pod can reach every other pod, the model servers and the feature store included.',
  remediation: 'Set datapath_provider = "ADVANCED_DATAPATH" (Dataplane V2, which enforces policies) or network_policy { enabled = true }.',
  check(cluster) {
    if (isTrue(attr(cluster.values, 'network_policy.enabled'))) return pass;
    if (cluster.values.datapath_provider === 'ADVANCED_DATAPATH' && attr(cluster.values, 'network_policy') !== undefined) return pass;
    return fail('network_policy.enabled', 'is not true and Dataplane V2 is not in use');
  },
});
