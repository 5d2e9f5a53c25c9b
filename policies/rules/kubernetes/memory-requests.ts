import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, requireInContainer, WORKLOAD_KINDS } from './shared/pod-spec';

export const memoryRequests = kubernetesRule({
  id: 'PLN-K8S-004',
  title: 'Containers request memory',
  severity: 'medium',
  checkov: 'CKV_K8S_13',
  kinds: WORKLOAD_KINDS,
  rationale: 'Without a memory request the scheduler may place the pod on a node that cannot hold it, and it is evicted first.',
  remediation: 'Set resources.requests.memory on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.requests.memory', 'request the memory the container needs'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
