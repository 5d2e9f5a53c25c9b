import type { Attributes } from '../../engine/model';
import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { asBlocks, asNumber, attr, isTrue } from '../../engine/values';
import { podSpec, WORKLOAD_TYPES } from './shared/pod-spec';

export const runAsNonRoot = resourceRule({
  id: 'PLN-K8S-017',
  title: 'Containers run as a non-root user',
  severity: 'high',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'Root in a container is root on the node after any escape, and can write to every mounted volume.',
  remediation: 'Set security_context.run_as_non_root = true (and run_as_user to a non-zero id) on the pod spec or on every container.',
  check(workload) {
    const pod = podSpec(workload);
    if (!pod) return unknown('spec', 'is not set');
    if (nonRoot(asBlocks(attr(pod.spec, 'security_context'))[0])) return pass;
    const index = asBlocks(pod.spec.container).findIndex((container) => !nonRoot(asBlocks(attr(container, 'security_context'))[0]));
    return index === -1 ? pass : fail(`${pod.path}.container[${index}].security_context.run_as_non_root`, 'is not true, nor is it set for the pod');
  },
});

function nonRoot(context: Attributes | undefined): boolean {
  if (!context) return false;
  const user = asNumber(context.run_as_user);
  return isTrue(context.run_as_non_root) || (user !== undefined && user > 0);
}
