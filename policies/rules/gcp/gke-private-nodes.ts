import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const gkePrivateNodes = resourceRule({
  id: 'PLN-GCP-012',
  title: 'GKE clusters use private nodes',
  severity: 'high',
  checkov: 'CKV_GCP_64',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Nodes with public IPs are reachable from the internet; every exposed kubelet or NodePort becomes an entry point.',
  remediation: 'Add private_cluster_config { enable_private_nodes = true } and reach the internet through Cloud NAT.',
  check: (cluster) => expectPresent(cluster.values, 'private_cluster_config', 'add private_cluster_config with enable_private_nodes = true'),
});
