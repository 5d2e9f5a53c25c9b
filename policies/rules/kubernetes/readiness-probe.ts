import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, POD_KINDS, requireInContainer } from './shared/pod-spec';

export const readinessProbe = kubernetesRule({
  id: 'PLN-K8S-016',
  title: 'Containers have a readiness probe',
  severity: 'medium',
  checkov: 'CKV_K8S_9',
  kinds: POD_KINDS,
  rationale: 'Without a readiness probe a pod gets traffic before it can answer: a model server still loading weights returns errors.',
  remediation: 'Set readiness_probe on every container (for Triton: GET /v2/health/ready).',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('readiness_probe', 'add a readiness probe'),
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
