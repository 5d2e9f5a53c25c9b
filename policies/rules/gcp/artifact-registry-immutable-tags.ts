import { notApplicable, resourceRule, unknown } from '../../engine/rule';
import { isPresent, isUnresolved } from '../../engine/values';
import { expectTrue } from '../shared/expect';

export const artifactRegistryImmutableTags = resourceRule({
  id: 'PLN-GCP-027',
  title: 'Artifact Registry Docker repositories keep tags immutable',
  severity: 'low',
  resourceTypes: ['google_artifact_registry_repository'],
  rationale: 'With mutable tags anyone who can push can silently replace the image a deployed tag names, and the next pod start runs it.',
  remediation: 'Set docker_config { immutable_tags = true } and deploy a new tag for every build.',
  check(repository) {
    const { format, mode } = repository.values;
    if (isUnresolved(format)) return unknown('format', 'is only known after apply');
    if (isUnresolved(mode)) return unknown('mode', 'is only known after apply');
    // Tags are a Docker notion; remote and virtual repositories hold no pushed images of their own.
    if (typeof format !== 'string' || format.toUpperCase() !== 'DOCKER') return notApplicable;
    if (isPresent(mode) && mode !== 'STANDARD_REPOSITORY') return notApplicable;
    return expectTrue(repository.values, 'docker_config.immutable_tags');
  },
});
