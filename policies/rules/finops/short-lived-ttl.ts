import { fail, notApplicable, pass, resourceRule } from '../../engine/rule';
import { effectiveTags } from '../../engine/tags';
import { TAGGABLE_TYPES } from './shared/taggable-types';

/** Tag keys clean-up jobs read for a time to live. */
const TTL_TAGS = ['ttl', 'plinth:ttl', 'expires-at'];

export const shortLivedTtl = resourceRule({
  id: 'PLN-COST-004',
  title: 'Short-lived environments carry a time-to-live tag',
  severity: 'medium',
  resourceTypes: [...TAGGABLE_TYPES],
  rationale: 'Pull-request environments are forgotten once the pull request merges; without a time to live nothing removes them, and their clusters keep running.',
  remediation: 'Set ttl on the environment in platform.yaml (e.g. "72h"); Plinth tags every resource with it through the provider\'s default tags.',
  check(resource, context) {
    if (!context.environment(resource).shortLived) return notApplicable;
    const { tags } = effectiveTags(resource, context.graph);
    return TTL_TAGS.some((key) => tags[key]) ? pass : fail(resource.type.startsWith('google_') ? 'labels' : 'tags', `lack a time to live (${TTL_TAGS.join(' or ')})`);
  },
});
