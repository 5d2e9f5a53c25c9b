import { fail, pass, unknown } from '../../engine/rule';
import { describe, isUnresolved } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { podSpec, WORKLOAD_KINDS } from './shared/pod-spec';

/** The profiles Pod Security "restricted" accepts. */
const CONFINED: readonly unknown[] = ['RuntimeDefault', 'Localhost'];
const PROFILE = 'security_context.seccomp_profile.type';

export const seccompRuntimeDefault = kubernetesRule({
  id: 'PLN-K8S-020',
  title: 'Containers run with a seccomp profile',
  severity: 'medium',
  kinds: WORKLOAD_KINDS,
  rationale:
    'Without a seccomp profile a container may make every system call the kernel offers, so one kernel bug is a node escape; Pod Security "restricted" refuses such pods, which then fail only at apply.',
  remediation:
    'Set security_context.seccomp_profile.type = "RuntimeDefault" on the pod spec (securityContext.seccompProfile.type in a manifest), or on every container.',
  check(workload) {
    const pod = podSpec(workload);
    if (!pod) return unknown(workload.fields.at('spec'), 'is not set');
    const podProfile = pod.get(PROFILE);
    let undecided = false;
    for (const container of pod.list('container')) {
      // A container's own profile overrides the pod's.
      const own = container.get(PROFILE);
      const effective = own ?? podProfile;
      if (isUnresolved(effective)) undecided = true;
      else if (!CONFINED.includes(effective)) {
        return own === undefined
          ? fail(pod.at(PROFILE), `is ${describe(podProfile)}, nor is ${container.at(PROFILE)}; set "RuntimeDefault"`)
          : fail(container.at(PROFILE), `is ${describe(own)}; set "RuntimeDefault"`);
      }
    }
    return undecided ? unknown(pod.at(PROFILE), 'is only known after apply') : pass;
  },
});
