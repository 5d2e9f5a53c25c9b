import { fail, resourceRule, unknown } from '../../engine/rule';
import { isUnresolved } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const imageTagPinned = resourceRule({
  id: 'PLN-K8S-005',
  title: 'Container images have a fixed tag, not latest',
  severity: 'high',
  checkov: 'CKV_K8S_14',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'With "latest" or no tag, what runs changes whenever a node pulls again; rollbacks and audits become guesswork.',
  remediation: 'Use an explicit version tag (e.g. tritonserver:24.05-py3) or, better, a digest (@sha256:...).',
  check: (workload) =>
    checkContainers(workload, {
      container(container, at) {
        const image = container.image;
        if (isUnresolved(image)) return undefined;
        if (typeof image !== 'string' || image === '') return fail(`${at}.image`, 'is not set');
        if (image.includes('@')) return undefined;
        const tag = /:([^:/]*)$/.exec(image)?.[1];
        if (tag === undefined || tag === '' || tag === 'latest') return fail(`${at}.image`, `is "${image}"; pin a version tag or a digest`);
        return undefined;
      },
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
