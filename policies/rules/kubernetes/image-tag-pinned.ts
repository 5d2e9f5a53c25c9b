import { fail } from '../../engine/rule';
import { isUnresolved } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const imageTagPinned = kubernetesRule({
  id: 'PLN-K8S-005',
  title: 'Container images have a fixed tag, not latest',
  severity: 'high',
  checkov: 'CKV_K8S_14',
  kinds: WORKLOAD_KINDS,
  rationale: 'With "latest" or no tag, what runs changes whenever a node pulls again; rollbacks and audits become guesswork.',
  remediation: 'Use an explicit version tag (e.g. tritonserver:24.05-py3) or, better, a digest (@sha256:...).',
  check: (workload) =>
    checkContainers(workload, {
      container(container) {
        const image = container.get('image');
        if (isUnresolved(image)) return undefined;
        if (typeof image !== 'string' || image === '') return fail(container.at('image'), 'is not set');
        if (image.includes('@')) return undefined;
        const tag = /:([^:/]*)$/.exec(image)?.[1];
        if (tag === undefined || tag === '' || tag === 'latest') return fail(container.at('image'), `is "${image}"; pin a version tag or a digest`);
        return undefined;
      },
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
