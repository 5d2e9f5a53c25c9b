import { fail, pass, resourceRule } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';

export const gkeBinaryAuthorization = resourceRule({
  id: 'PLN-GCP-013',
  title: 'GKE clusters enforce Binary Authorization',
  severity: 'medium',
  checkov: 'CKV_GCP_66',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Binary Authorization only admits images signed by your pipeline, so an image pushed by hand cannot serve traffic.',
  remediation: 'Set binary_authorization { evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE" }.',
  check(cluster) {
    const mode = attr(cluster.values, 'binary_authorization.evaluation_mode');
    // `enabled` and `enable_binary_authorization` are the pre-4.31 provider spellings.
    if (mode === 'PROJECT_SINGLETON_POLICY_ENFORCE' || isTrue(mode) || isTrue(attr(cluster.values, 'binary_authorization.enabled'))) return pass;
    if (isTrue(cluster.values.enable_binary_authorization)) return pass;
    return fail('binary_authorization.evaluation_mode', 'is not "PROJECT_SINGLETON_POLICY_ENFORCE"');
  },
});
