import { fail } from '../../engine/rule';
import { kubernetesRule } from './shared/kubernetes-object';
import { checkContainers, WORKLOAD_KINDS } from './shared/pod-spec';

export const secretsAsFiles = kubernetesRule({
  id: 'PLN-K8S-014',
  title: 'Containers read secrets from files, not environment variables',
  severity: 'low',
  checkov: 'CKV_K8S_35',
  kinds: WORKLOAD_KINDS,
  rationale: 'Environment variables leak into crash dumps, debug endpoints and child processes; mounted files do not.',
  remediation: 'Mount the secret as a volume and read the file, instead of env.value_from.secret_key_ref or env_from.secret_ref.',
  check: (workload) =>
    checkContainers(workload, {
      container(container) {
        const fromSecret = container.list('env').find((env) => env.get('value_from.secret_key_ref') !== undefined);
        if (fromSecret) return fail(fromSecret.at('value_from.secret_key_ref'), 'puts a secret in an environment variable');
        const allFromSecret = container.list('env_from').find((env) => env.get('secret_ref') !== undefined);
        if (allFromSecret) return fail(allFromSecret.at('secret_ref'), 'puts a secret in environment variables');
        return undefined;
      },
      noSpec: 'fail',
      noContainers: 'unknown',
    }),
});
