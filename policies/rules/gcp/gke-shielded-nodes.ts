import { fail, pass, resourceRule } from '../../engine/rule';
import { isFalse } from '../../engine/values';

export const gkeShieldedNodes = resourceRule({
  id: 'PLN-GCP-017',
  title: 'GKE clusters use Shielded Nodes',
  severity: 'medium',
  checkov: 'CKV_GCP_71',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Shielded Nodes prove their identity to the control plane, so a compromised pod cannot impersonate a node.',
  remediation: 'Remove enable_shielded_nodes = false (the default is true).',
  check: (cluster) => (isFalse(cluster.values.enable_shielded_nodes) ? fail('enable_shielded_nodes', 'is false; remove it or set it to true') : pass),
});
