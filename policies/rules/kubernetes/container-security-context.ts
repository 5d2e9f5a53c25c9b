import { fail } from '../../engine/rule';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, POD_KINDS } from './shared/pod-spec';

export const containerSecurityContext = kubernetesRule({
  id: 'PLN-K8S-013',
  title: 'Containers define a security context',
  severity: 'medium',
  checkov: 'CKV_K8S_30',
  kinds: POD_KINDS,
  rationale: 'Without a security context a container runs with the image\'s defaults: often root, writable, with default capabilities.',
  remediation: 'Set security_context on every container (run_as_non_root, allow_privilege_escalation = false, read_only_root_filesystem, drop ALL).',
  check: (workload) =>
    checkContainers(workload, {
      container: (container) => (container.get('security_context') ? undefined : fail(container.at('security_context'), 'is not set')),
      noSpec: 'unknown',
      noContainers: 'unknown',
    }),
});
