import { fail } from '../../engine/rule';
import { isTrue } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const notPrivileged = kubernetesRule({
  id: 'PLN-K8S-007',
  title: 'Containers are not privileged',
  severity: 'critical',
  checkov: 'CKV_K8S_16',
  kinds: WORKLOAD_KINDS,
  rationale: 'A privileged container has every capability and every device of the node: escaping it is trivial.',
  remediation: 'Remove security_context.privileged = true; grant only the capabilities needed (the NVIDIA device plugin does not need privilege with CDI).',
  check: (workload) =>
    checkContainers(workload, {
      container: (container) => (isTrue(container.get('security_context.privileged')) ? fail(container.at('security_context.privileged'), 'is true') : undefined),
      noSpec: 'unknown',
      noContainers: 'unknown',
    }),
});
