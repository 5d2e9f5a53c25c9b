import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, requireInContainer, WORKLOAD_TYPES } from './shared/pod-spec';

export const cpuRequests = resourceRule({
  id: 'PLN-K8S-001',
  title: 'Containers request CPU',
  severity: 'medium',
  checkov: 'CKV_K8S_10',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'Without a CPU request the scheduler packs pods blindly and the container gets the least CPU under contention.',
  remediation: 'Set resources.requests.cpu on every container.',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('resources.requests.cpu', 'request the CPU the container needs'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
