import { resourceRule } from '../../engine/rule';
import { expectAttribute, expectTrue } from '../shared/expect';

export const redisAuth = resourceRule({
  id: 'PLN-GCP-021',
  title: 'Memorystore for Redis requires authentication (AUTH on instances, IAM on clusters)',
  severity: 'high',
  // Checkov's check covers google_redis_instance only; the cluster half has no Checkov equivalent.
  checkov: 'CKV_GCP_95',
  resourceTypes: ['google_redis_instance', 'google_redis_cluster'],
  rationale: 'Without authentication anything on the network can read and overwrite the online features and cached predictions.',
  remediation:
    'On google_redis_cluster set authorization_mode = "AUTH_MODE_IAM_AUTH" and grant roles/redis.dbConnectionUser; on google_redis_instance set auth_enabled = true (or move to a cluster: the instance AUTH string lands in Terraform state).',
  check: (resource) =>
    resource.type === 'google_redis_cluster'
      ? expectAttribute(resource.values, {
          path: 'authorization_mode',
          accept: (value) => value === 'AUTH_MODE_IAM_AUTH',
          // The provider's default is AUTH_MODE_DISABLED.
          expected: 'set it to "AUTH_MODE_IAM_AUTH"',
          missing: 'fail',
        })
      : expectTrue(resource.values, 'auth_enabled'),
});
