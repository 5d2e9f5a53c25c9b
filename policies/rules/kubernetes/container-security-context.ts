import { fail, resourceRule, unknown } from '../../engine/rule';
import { attr } from '../../engine/values';
import { checkContainers, POD_TYPES } from './shared/pod-spec';

export const containerSecurityContext = resourceRule({
  id: 'PLN-K8S-013',
  title: 'Containers define a security context',
  severity: 'medium',
  checkov: 'CKV_K8S_30',
  resourceTypes: POD_TYPES,
  rationale: 'Without a security context a container runs with the image\'s defaults: often root, writable, with default capabilities.',
  remediation: 'Set security_context on every container (run_as_non_root, allow_privilege_escalation = false, read_only_root_filesystem, drop ALL).',
  check: (workload) =>
    checkContainers(workload, {
      container: (container, at) => (attr(container, 'security_context') ? undefined : fail(`${at}.security_context`, 'is not set')),
      noSpec: unknown('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
