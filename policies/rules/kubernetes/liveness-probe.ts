import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, POD_TYPES, requireInContainer } from './shared/pod-spec';

export const livenessProbe = resourceRule({
  id: 'PLN-K8S-015',
  title: 'Containers have a liveness probe',
  severity: 'low',
  checkov: 'CKV_K8S_8',
  resourceTypes: POD_TYPES,
  rationale: 'Without a liveness probe a deadlocked server keeps its pod, and its share of traffic, forever.',
  remediation: 'Set liveness_probe on every container (an HTTP health endpoint, or tcp_socket).',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('liveness_probe', 'add a liveness probe'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
