import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, requireInContainer, WORKLOAD_KINDS } from './shared/pod-spec';

export const cpuRequests = kubernetesRule({
  id: 'PLN-K8S-001',
  title: 'Containers request CPU',
  severity: 'medium',
  checkov: 'CKV_K8S_10',
  kinds: WORKLOAD_KINDS,
  rationale: 'Without a CPU request the scheduler packs pods blindly and the container gets the least CPU under contention.',
  remediation: 'Set resources.requests.cpu on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.requests.cpu', 'request the CPU the container needs'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
