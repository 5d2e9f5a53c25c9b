import { resourceRule } from '../../engine/rule';
import { isFalse } from '../../engine/values';
import { expectAttribute } from '../shared/expect';

export const gkeClientCertificate = resourceRule({
  id: 'PLN-GCP-029',
  title: 'GKE clusters issue no client certificate',
  severity: 'high',
  // Not CKV_GCP_13: Checkov fails an unset value, which the provider defaults to false (no certificate).
  resourceTypes: ['google_container_cluster'],
  rationale: 'A cluster client certificate is an administrator credential that cannot be revoked and lands in Terraform state.',
  remediation: 'Remove master_auth.client_certificate_config.issue_client_certificate = true (the default is false) and authenticate with Google identities.',
  check: (cluster) =>
    expectAttribute(cluster.values, {
      path: 'master_auth.client_certificate_config.issue_client_certificate',
      accept: isFalse,
      expected: 'remove it or set it to false',
      missing: 'pass',
    }),
});
