import { fail, resourceRule, unknown } from '../../engine/rule';
import { checkContainers, POD_TYPES, requireInContainer } from './shared/pod-spec';

export const readinessProbe = resourceRule({
  id: 'PLN-K8S-016',
  title: 'Containers have a readiness probe',
  severity: 'medium',
  checkov: 'CKV_K8S_9',
  resourceTypes: POD_TYPES,
  rationale: 'Without a readiness probe a pod gets traffic before it can answer: a model server still loading weights returns errors.',
  remediation: 'Set readiness_probe on every container (for Triton: GET /v2/health/ready).',
  check: (workload) =>
    checkContainers(workload, {
      container: requireInContainer('readiness_probe', 'add a readiness probe'),
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
