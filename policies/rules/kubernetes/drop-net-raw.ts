import { fail, resourceRule } from '../../engine/rule';
import { asStrings, attr } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const dropNetRaw = resourceRule({
  id: 'PLN-K8S-011',
  title: 'Containers drop the NET_RAW capability',
  severity: 'medium',
  checkov: 'CKV_K8S_28',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'NET_RAW lets a container forge packets: ARP and DNS spoofing against the other pods on the node.',
  remediation: 'Set security_context.capabilities.drop = ["ALL"] and add back only what the process needs.',
  check: (workload) =>
    checkContainers(workload, {
      container(container, at) {
        const dropped = asStrings(attr(container, 'security_context.capabilities.drop')) ?? [];
        return dropped.includes('ALL') || dropped.includes('NET_RAW') ? undefined : fail(`${at}.security_context.capabilities.drop`, 'does not include "ALL" or "NET_RAW"');
      },
      noSpec: fail('spec', 'is not set'),
      noContainers: fail('spec.container', 'is not set'),
    }),
});
