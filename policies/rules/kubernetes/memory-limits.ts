import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, requireInContainer, WORKLOAD_TYPES } from './shared/pod-spec';

export const memoryLimits = resourceRule({
  id: 'PLN-K8S-003',
  title: 'Containers limit memory',
  severity: 'medium',
  checkov: 'CKV_K8S_12',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'A container without a memory limit can take the node\'s memory and get other pods killed, model servers included.',
  remediation: 'Set resources.limits.memory on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.limits.memory', 'set a memory limit'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
