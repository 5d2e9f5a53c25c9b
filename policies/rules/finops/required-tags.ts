import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { effectiveTags } from '../../engine/tags';
import { TAGGABLE_TYPES } from './shared/taggable-types';

const REQUIRED_TAGS = ['owner', 'cost-center', 'environment'];

export const requiredTags = resourceRule({
  id: 'PLN-COST-001',
  title: 'Taggable resources carry owner, cost-center and environment tags',
  severity: 'medium',
  resourceTypes: [...TAGGABLE_TYPES],
  rationale: 'Cost reports split by these tags; an untagged resource is spend nobody owns, and nobody turns it off.',
  remediation: 'Set the tags in the provider\'s default_tags (AWS) or default_labels (Google), so every resource gets them; Plinth sets them from platform.yaml.',
  check(resource, { graph }) {
    const { tags, complete } = effectiveTags(resource, graph);
    const missing = REQUIRED_TAGS.filter((key) => !tags[key]);
    if (missing.length === 0) return pass;
    const attribute = resource.type.startsWith('google_') ? 'labels' : 'tags';
    if (!complete) return unknown(attribute, `may lack ${missing.join(', ')}: part of the tags is only known after apply`);
    return fail(attribute, `lack ${missing.join(', ')} (provider defaults included)`);
  },
});
