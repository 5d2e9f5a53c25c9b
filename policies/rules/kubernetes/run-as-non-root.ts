import { fail, pass, unknown } from '../../engine/rule';
import { asNumber, isTrue } from '../../engine/values';
import { kubernetesRule, type Fields } from './shared/kubernetes-object';
import { podSpec, WORKLOAD_KINDS } from './shared/pod-spec';

export const runAsNonRoot = kubernetesRule({
  id: 'PLN-K8S-017',
  title: 'Containers run as a non-root user',
  severity: 'high',
  kinds: WORKLOAD_KINDS,
  rationale: 'Root in a container is root on the node after any escape, and can write to every mounted volume.',
  remediation: 'Set security_context.run_as_non_root = true (and run_as_user to a non-zero id) on the pod spec or on every container.',
  check(workload) {
    const pod = podSpec(workload);
    if (!pod) return unknown(workload.fields.at('spec'), 'is not set');
    if (nonRoot(pod)) return pass;
    const root = pod.list('container').find((container) => !nonRoot(container));
    return root ? fail(root.at('security_context.run_as_non_root'), 'is not true, nor is it set for the pod') : pass;
  },
});

/** Whether the security context of a pod spec or a container says non-root. */
function nonRoot(owner: Fields): boolean {
  const user = asNumber(owner.get('security_context.run_as_user'));
  return isTrue(owner.get('security_context.run_as_non_root')) || (user !== undefined && user > 0);
}
