import { fail } from '../../engine/rule';
import { isUnresolved } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const imageDigest = kubernetesRule({
  id: 'PLN-K8S-006',
  title: 'Container images are pinned by digest',
  severity: 'low',
  checkov: 'CKV_K8S_43',
  kinds: WORKLOAD_KINDS,
  rationale: 'A digest names exactly one image; a tag can be moved, even with immutable repositories elsewhere in the chain.',
  remediation: 'Reference images as repository@sha256:<digest>.',
  check: (workload) =>
    checkContainers(workload, {
      container(container) {
        const image = container.get('image');
        return typeof image === 'string' && !isUnresolved(image) && !image.includes('@') ? fail(container.at('image'), `is "${image}"; reference it by digest`) : undefined;
      },
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
