import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

export const gkeSecretsEncryption = resourceRule({
  id: 'PLN-GCP-030',
  title: 'GKE clusters encrypt Kubernetes secrets with a customer-managed key',
  severity: 'medium',
  resourceTypes: ['google_container_cluster'],
  rationale: 'Application-layer encryption keeps secrets in etcd encrypted with a Cloud KMS key, so reading them from a copy of etcd also takes the key\'s IAM.',
  remediation: 'Set database_encryption { state = "ENCRYPTED", key_name = <a Cloud KMS key> } (the GKE service agent needs encrypter/decrypter on it).',
  check: (cluster) =>
    expectAttribute(cluster.values, { path: 'database_encryption.state', accept: (value) => value === 'ENCRYPTED', expected: 'set it to "ENCRYPTED" with a key_name', missing: 'fail' }),
});
