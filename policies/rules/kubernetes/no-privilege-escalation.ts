import { fail, resourceRule, unknown } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const noPrivilegeEscalation = resourceRule({
  id: 'PLN-K8S-008',
  title: 'Containers cannot escalate privileges',
  severity: 'high',
  checkov: 'CKV_K8S_20',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'allow_privilege_escalation lets a process gain more privileges than its parent (setuid binaries), a step in most container escapes.',
  remediation: 'Set security_context.allow_privilege_escalation = false on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: (container, at) =>
        isTrue(attr(container, 'security_context.allow_privilege_escalation'))
          ? fail(`${at}.security_context.allow_privilege_escalation`, 'is true; set it to false')
          : undefined,
      noSpec: unknown('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
