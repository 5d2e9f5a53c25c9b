import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, requireInContainer, WORKLOAD_TYPES } from './shared/pod-spec';

export const cpuLimits = resourceRule({
  id: 'PLN-K8S-002',
  title: 'Containers limit CPU',
  severity: 'low',
  checkov: 'CKV_K8S_11',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'A container without a CPU limit can starve its neighbours on the node.',
  remediation: 'Set resources.limits.cpu on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.limits.cpu', 'set a CPU limit'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
