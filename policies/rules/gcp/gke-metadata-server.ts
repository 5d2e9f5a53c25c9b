import { fail, pass, resourceRule } from '../../engine/rule';
import { blocks } from '../../engine/values';

export const gkeMetadataServer = resourceRule({
  id: 'PLN-GCP-015',
  title: 'GKE nodes run the GKE metadata server (Workload Identity)',
  severity: 'high',
  checkov: 'CKV_GCP_69',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  rationale: 'Without the GKE metadata server every pod can read the node\'s service account token and act with the node\'s permissions.',
  remediation: 'Set node_config.workload_metadata_config { mode = "GKE_METADATA" } and use Workload Identity for pods.',
  check(resource) {
    const configs = blocks(resource.values, 'node_config.workload_metadata_config');
    // `node_metadata = "GKE_METADATA_SERVER"` is the older provider spelling.
    if (configs.some((config) => config.mode === 'GKE_METADATA' || config.node_metadata === 'GKE_METADATA_SERVER')) return pass;
    return fail('node_config.workload_metadata_config.mode', 'is not "GKE_METADATA"');
  },
});
