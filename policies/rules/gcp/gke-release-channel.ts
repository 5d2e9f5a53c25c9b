import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const gkeReleaseChannel = resourceRule({
  id: 'PLN-GCP-016',
  title: 'GKE clusters follow a release channel',
  severity: 'low',
  checkov: 'CKV_GCP_70',
  resourceTypes: ['google_container_cluster'],
  rationale: 'On a release channel Google keeps the control plane and nodes patched; off it, upgrades are manual and forgotten.',
  remediation: 'Set release_channel { channel = "REGULAR" } (or "STABLE").',
  check: (cluster) => expectPresent(cluster.values, 'release_channel.channel', 'set it to "REGULAR" or "STABLE"'),
});
