import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, requireInContainer, WORKLOAD_KINDS } from './shared/pod-spec';

export const cpuLimits = kubernetesRule({
  id: 'PLN-K8S-002',
  title: 'Containers limit CPU',
  severity: 'low',
  checkov: 'CKV_K8S_11',
  kinds: WORKLOAD_KINDS,
  rationale: 'A container without a CPU limit can starve its neighbours on the node.',
  remediation: 'Set resources.limits.cpu on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.limits.cpu', 'set a CPU limit'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
