import { fail } from '../../engine/rule';
import { isTrue } from '../../engine/values';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const readOnlyRootFilesystem = kubernetesRule({
  id: 'PLN-K8S-010',
  title: 'Containers run with a read-only root file system',
  severity: 'medium',
  checkov: 'CKV_K8S_22',
  kinds: WORKLOAD_KINDS,
  rationale: 'A writable root file system lets an attacker drop tools and persist changes inside the container.',
  remediation: 'Set security_context.read_only_root_filesystem = true and mount emptyDir volumes where the process writes.',
  check: (workload) =>
    checkContainers(workload, {
      container: (container) =>
        container.get('security_context') !== undefined && !isTrue(container.get('security_context.read_only_root_filesystem'))
          ? fail(container.at('security_context.read_only_root_filesystem'), 'is not true')
          : undefined,
      noSpec: 'unknown',
      noContainers: 'unknown',
    }),
});
