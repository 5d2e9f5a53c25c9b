import { notApplicable, resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const registryImmutableTags = resourceRule({
  id: 'PLN-ML-005',
  title: 'Artifact Registry Docker repositories have immutable tags',
  severity: 'medium',
  resourceTypes: ['google_artifact_registry_repository'],
  rationale: 'With mutable tags, the image a gate approved can be replaced under the same tag before it is deployed.',
  remediation: 'Set docker_config { immutable_tags = true } (ECR: PLN-AWS-040).',
  check(repository) {
    if (repository.values.format !== undefined && repository.values.format !== 'DOCKER') return notApplicable;
    return expectTrue(repository.values, 'docker_config.immutable_tags');
  },
});
