import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, requireInContainer, WORKLOAD_KINDS } from './shared/pod-spec';

export const memoryLimits = kubernetesRule({
  id: 'PLN-K8S-003',
  title: 'Containers limit memory',
  severity: 'medium',
  checkov: 'CKV_K8S_12',
  kinds: WORKLOAD_KINDS,
  rationale: 'A container without a memory limit can take the node\'s memory and get other pods killed, model servers included.',
  remediation: 'Set resources.limits.memory on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.limits.memory', 'set a memory limit'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
