import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

export const ecrImmutableTags = resourceRule({
  id: 'PLN-AWS-040',
  title: 'ECR repositories have immutable tags',
  severity: 'medium',
  checkov: 'CKV_AWS_51',
  resourceTypes: ['aws_ecr_repository'],
  rationale: 'With mutable tags, `serving:1.4` can be silently replaced: what was reviewed and promoted is not what runs.',
  remediation: 'Set image_tag_mutability = "IMMUTABLE" and publish every build under a new tag.',
  check: (repository) =>
    expectAttribute(repository.values, {
      path: 'image_tag_mutability',
      accept: (value) => value === 'IMMUTABLE' || value === 'IMMUTABLE_WITH_EXCLUSION',
      expected: 'set it to "IMMUTABLE"',
      // The provider's default is MUTABLE.
      missing: 'fail',
    }),
});
