import { fail, notApplicable, resourceRule } from '../../engine/rule';
import { attr } from '../../engine/values';
import { expectTrue } from '../shared/expect';

export const gkeSecureBoot = resourceRule({
  id: 'PLN-GCP-014',
  title: 'GKE nodes boot with Secure Boot',
  severity: 'medium',
  checkov: 'CKV_GCP_68',
  resourceTypes: ['google_container_cluster', 'google_container_node_pool'],
  rationale: 'Secure Boot refuses unsigned boot components, so a rootkit cannot persist on a node.',
  remediation: 'Set node_config.shielded_instance_config.enable_secure_boot = true.',
  check(resource) {
    if (attr(resource.values, 'node_config') === undefined) return notApplicable;
    if (attr(resource.values, 'node_config.shielded_instance_config') === undefined) {
      return fail('node_config.shielded_instance_config', 'is not set, so Secure Boot is off');
    }
    return expectTrue(resource.values, 'node_config.shielded_instance_config.enable_secure_boot');
  },
});
