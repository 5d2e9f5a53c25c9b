import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const redisAuth = resourceRule({
  id: 'PLN-GCP-021',
  title: 'Memorystore for Redis requires AUTH',
  severity: 'high',
  checkov: 'CKV_GCP_95',
  resourceTypes: ['google_redis_instance'],
  rationale: 'Without AUTH anything on the network can read and overwrite the online features and cached predictions.',
  remediation: 'Set auth_enabled = true and give clients the auth string from Secret Manager.',
  check: (instance) => expectTrue(instance.values, 'auth_enabled'),
});
