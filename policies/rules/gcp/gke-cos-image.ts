import { fail, notApplicable, pass, resourceRule } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';

export const gkeCosImage = resourceRule({
  id: 'PLN-GCP-018',
  title: 'GKE node pools use Container-Optimized OS',
  severity: 'low',
  checkov: 'CKV_GCP_22',
  resourceTypes: ['google_container_node_pool'],
  rationale: 'Container-Optimized OS has a read-only root file system and a minimal attack surface, patched by Google.',
  remediation: 'Set node_config.image_type = "COS_CONTAINERD".',
  check(pool) {
    const version = pool.values.version;
    // From 1.24 only containerd images exist and COS is the default.
    const minor = typeof version === 'string' ? /^1\.(\d+)/.exec(version) : null;
    if (!minor || Number(minor[1]) >= 24) return notApplicable;
    const image = attr(pool.values, 'node_config.image_type');
    if (typeof image === 'string' && image.toLowerCase().startsWith('cos')) return pass;
    if (isTrue(pool.values.remove_default_node_pool)) return pass;
    return fail('node_config.image_type', `is ${image === undefined ? 'not set' : `"${String(image)}"`}; use "COS_CONTAINERD"`);
  },
});
