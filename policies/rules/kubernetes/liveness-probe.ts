import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, POD_KINDS, requireInContainer } from './shared/pod-spec';

export const livenessProbe = kubernetesRule({
  id: 'PLN-K8S-015',
  title: 'Containers have a liveness probe',
  severity: 'low',
  checkov: 'CKV_K8S_8',
  kinds: POD_KINDS,
  rationale: 'Without a liveness probe a deadlocked server keeps its pod, and its share of traffic, forever.',
  remediation: 'Set liveness_probe on every container (an HTTP health endpoint, or tcp_socket).',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('liveness_probe', 'add a liveness probe'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
