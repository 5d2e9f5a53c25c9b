import { resourceRule } from '../../engine/rule';
import { isFalse } from '../../engine/values';
import { expectAttribute } from '../shared/expect';

export const gkeLegacyAbac = resourceRule({
  id: 'PLN-GCP-028',
  title: 'GKE clusters do not use legacy ABAC authorization',
  severity: 'high',
  checkov: 'CKV_GCP_7',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Legacy ABAC grants every service account broad static permissions that Kubernetes RBAC cannot narrow, so one compromised pod can act on the whole cluster.',
  remediation: 'Remove enable_legacy_abac = true (the default is false) and grant access with RBAC.',
  check: (cluster) =>
    expectAttribute(cluster.values, { path: 'enable_legacy_abac', accept: isFalse, expected: 'remove it or set it to false', missing: 'pass' }),
});
