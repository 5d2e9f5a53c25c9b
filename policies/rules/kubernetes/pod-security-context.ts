import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { asBlocks, attr } from '../../engine/values';
import { podSpec } from './shared/pod-spec';

export const podSecurityContext = resourceRule({
  id: 'PLN-K8S-012',
  title: 'Pods and their containers define a security context',
  severity: 'medium',
  checkov: 'CKV_K8S_29',
  resourceTypes: ['kubernetes_pod', 'kubernetes_pod_v1', 'kubernetes_deployment', 'kubernetes_deployment_v1', 'kubernetes_daemonset', 'kubernetes_daemon_set_v1'],
  rationale: 'The pod security context sets the user, group and file-system group every container runs as; without it, the image decides.',
  remediation: 'Set security_context on the pod spec (run_as_non_root, run_as_user, fs_group, seccomp_profile) and on each container.',
  check(workload) {
    const pod = podSpec(workload);
    if (!pod) return fail('spec', 'is not set');
    const containers = asBlocks(pod.spec.container);
    if (containers.length === 0 && attr(pod.spec, 'security_context') === undefined) return unknown(`${pod.path}.container`, 'is not set');
    const index = containers.findIndex((container) => !attr(container, 'security_context'));
    // A container-level context applies Checkov's reading; the pod-level one covers every container.
    if (index === -1 || attr(pod.spec, 'security_context')) return pass;
    return fail(`${pod.path}.security_context`, `is not set, nor is container[${index}].security_context`);
  },
});
