import { fail, resourceRule, unknown } from '../../engine/rule';
import { attr, isTrue } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const readOnlyRootFilesystem = resourceRule({
  id: 'PLN-K8S-010',
  title: 'Containers run with a read-only root file system',
  severity: 'medium',
  checkov: 'CKV_K8S_22',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'A writable root file system lets an attacker drop tools and persist changes inside the container.',
  remediation: 'Set security_context.read_only_root_filesystem = true and mount emptyDir volumes where the process writes.',
  check: (workload) =>
    checkContainers(workload, {
      container: (container, at) =>
        attr(container, 'security_context') !== undefined && !isTrue(attr(container, 'security_context.read_only_root_filesystem'))
          ? fail(`${at}.security_context.read_only_root_filesystem`, 'is not true')
          : undefined,
      noSpec: unknown('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
