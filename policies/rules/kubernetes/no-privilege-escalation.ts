import { fail } from '../../engine/rule';
import { isTrue } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const noPrivilegeEscalation = kubernetesRule({
  id: 'PLN-K8S-008',
  title: 'Containers cannot escalate privileges',
  severity: 'high',
  checkov: 'CKV_K8S_20',
  kinds: WORKLOAD_KINDS,
  rationale: 'allow_privilege_escalation lets a process gain more privileges than its parent (setuid binaries), a step in most container escapes.',
  remediation: 'Set security_context.allow_privilege_escalation = false on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: (container) =>
        isTrue(container.get('security_context.allow_privilege_escalation'))
          ? fail(container.at('security_context.allow_privilege_escalation'), 'is true; set it to false')
          : undefined,
      noSpec: 'unknown',
      noContainers: 'unknown',
    }),
});
