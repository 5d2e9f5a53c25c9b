import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

/** What "TLS with server authentication" is called on each resource type. */
const TLS_MODE: Readonly<Record<string, string>> = {
  google_redis_instance: 'SERVER_AUTHENTICATION',
  google_redis_cluster: 'TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION',
};

export const redisTransitEncryption = resourceRule({
  id: 'PLN-GCP-022',
  title: 'Memorystore for Redis encrypts traffic',
  severity: 'high',
  // Checkov's check covers google_redis_instance only; the cluster half has no Checkov equivalent.
  checkov: 'CKV_GCP_97',
  resourceTypes: ['google_redis_instance', 'google_redis_cluster'],
  rationale: 'Without TLS the credentials (AUTH string or IAM access token) and every feature value cross the network in clear text.',
  remediation: 'Set transit_encryption_mode = "TRANSIT_ENCRYPTION_MODE_SERVER_AUTHENTICATION" on google_redis_cluster, "SERVER_AUTHENTICATION" on google_redis_instance.',
  check: (resource) => {
    const mode = TLS_MODE[resource.type]!;
    return expectAttribute(resource.values, {
      path: 'transit_encryption_mode',
      accept: (value) => value === mode,
      // Both resources default to no encryption.
      expected: `set it to "${mode}"`,
      missing: 'fail',
    });
  },
});
