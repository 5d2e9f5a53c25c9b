import { fail, pass, unknown } from '../../engine/rule';
import { kubernetesRule } from './shared/kubernetes-object';
import { podSpec } from './shared/pod-spec';

export const podSecurityContext = kubernetesRule({
  id: 'PLN-K8S-012',
  title: 'Pods and their containers define a security context',
  severity: 'medium',
  checkov: 'CKV_K8S_29',
  kinds: ['Pod', 'Deployment', 'Rollout', 'DaemonSet'],
  rationale: 'The pod security context sets the user, group and file-system group every container runs as; without it, the image decides.',
  remediation: 'Set security_context on the pod spec (run_as_non_root, run_as_user, fs_group, seccomp_profile) and on each container.',
  check(workload) {
    const pod = podSpec(workload);
    if (!pod) return fail(workload.fields.at('spec'), 'is not set');
    const containers = pod.list('container');
    if (containers.length === 0 && pod.get('security_context') === undefined) return unknown(pod.at('container'), 'is not set');
    const bare = containers.find((container) => !container.get('security_context'));
    // A container-level context applies Checkov's reading; the pod-level one covers every container.
    if (!bare || pod.get('security_context')) return pass;
    return fail(pod.at('security_context'), `is not set, nor is ${bare.at('security_context')}`);
  },
});
