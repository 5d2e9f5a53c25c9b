import { fail } from '../../engine/rule';
import { asStrings } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const dropNetRaw = kubernetesRule({
  id: 'PLN-K8S-011',
  title: 'Containers drop the NET_RAW capability',
  severity: 'medium',
  checkov: 'CKV_K8S_28',
  kinds: WORKLOAD_KINDS,
  rationale: 'NET_RAW lets a container forge packets: ARP and DNS spoofing against the other pods on the node.',
  remediation: 'Set security_context.capabilities.drop = ["ALL"] and add back only what the process needs.',
  check: (workload) =>
    checkContainers(workload, {
      container(container) {
        const dropped = asStrings(container.get('security_context.capabilities.drop')) ?? [];
        return dropped.includes('ALL') || dropped.includes('NET_RAW') ? undefined : fail(container.at('security_context.capabilities.drop'), 'does not include "ALL" or "NET_RAW"');
      },
      noSpec: 'fail',
      noContainers: 'fail',
    }),
});
