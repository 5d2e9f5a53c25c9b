import { fail, resourceRule, unknown } from '../../engine/rule';
import { isUnresolved } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const imageDigest = resourceRule({
  id: 'PLN-K8S-006',
  title: 'Container images are pinned by digest',
  severity: 'low',
  checkov: 'CKV_K8S_43',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'A digest names exactly one image; a tag can be moved, even with immutable repositories elsewhere in the chain.',
  remediation: 'Reference images as repository@sha256:<digest>.',
  check: (workload) =>
    checkContainers(workload, {
      container: (container, at) =>
        typeof container.image === 'string' && !isUnresolved(container.image) && !container.image.includes('@')
          ? fail(`${at}.image`, `is "${container.image}"; reference it by digest`)
          : undefined,
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
