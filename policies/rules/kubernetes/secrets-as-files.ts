import { fail, resourceRule, unknown } from '../../engine/rule';
import { asBlocks, attr } from '../../engine/values';
import { checkContainers, WORKLOAD_TYPES } from './shared/pod-spec';

export const secretsAsFiles = resourceRule({
  id: 'PLN-K8S-014',
  title: 'Containers read secrets from files, not environment variables',
  severity: 'low',
  checkov: 'CKV_K8S_35',
  resourceTypes: WORKLOAD_TYPES,
  rationale: 'Environment variables leak into crash dumps, debug endpoints and child processes; mounted files do not.',
  remediation: 'Mount the secret as a volume and read the file, instead of env.value_from.secret_key_ref or env_from.secret_ref.',
  check: (workload) =>
    checkContainers(workload, {
      container(container, at) {
        const fromSecret = asBlocks(container.env).findIndex((env) => attr(env, 'value_from.secret_key_ref') !== undefined);
        if (fromSecret !== -1) return fail(`${at}.env[${fromSecret}].value_from.secret_key_ref`, 'puts a secret in an environment variable');
        const allFromSecret = asBlocks(container.env_from).findIndex((env) => env.secret_ref !== undefined);
        if (allFromSecret !== -1) return fail(`${at}.env_from[${allFromSecret}].secret_ref`, 'puts a secret in environment variables');
        return undefined;
      },
      noSpec: fail('spec', 'is not set'),
      noContainers: unknown('spec.container', 'is not set'),
    }),
});
