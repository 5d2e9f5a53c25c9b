import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, requireInContainer, WORKLOAD_TYPES } from './shared/pod-spec';

export const memoryRequests = resourceRule({
  id: 'PLN-K8S-004',
  title: 'Containers request memory',
  severity: 'medium',
  checkov: 'CKV_K8S_13',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'Without a memory request the scheduler may place the pod on a node that cannot hold it, and it is evicted first.',
  remediation: 'Set resources.requests.memory on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.requests.memory', 'request the memory the container needs'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
