import { fail, resourceRule, unknown } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const notPrivileged = resourceRule({
  id: 'PLN-K8S-007',
  title: 'Containers are not privileged',
  severity: 'critical',
  checkov: 'CKV_K8S_16',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'A privileged container has every capability and every device of the node: escaping it is trivial.',
  remediation: 'Remove security_context.privileged = true; grant only the capabilities needed (the NVIDIA device plugin does not need privilege with CDI).',
  check: (workload) =>
    checkContainers(workload, {
      container: (container, at) =>
        isTrue(attr(container, 'security_context.privileged')) ? fail(`${at}.security_context.privileged`, 'is true') : undefined,
      noSpec: unknown('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
