import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

export const redisTransitEncryption = resourceRule({
  id: 'PLN-GCP-022',
  title: 'Memorystore for Redis encrypts traffic',
  severity: 'high',
  checkov: 'CKV_GCP_97',
  resourceTypes: ['google_redis_instance'],
  rationale: 'Without TLS the AUTH string and every feature value cross the network in clear text.',
  remediation: 'Set transit_encryption_mode = "SERVER_AUTHENTICATION".',
  check: (instance) =>
    expectAttribute(instance.values, {
      path: 'transit_encryption_mode',
      accept: (value) => value === 'SERVER_AUTHENTICATION',
      expected: 'set it to "SERVER_AUTHENTICATION"',
      missing: 'fail',
    }),
});
