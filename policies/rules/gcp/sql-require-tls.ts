import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

/** The modes that refuse unencrypted connections; the provider's default, ALLOW_UNENCRYPTED_AND_ENCRYPTED, does not. */
const TLS_MODES: readonly string[] = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

export const sqlRequireTls = resourceRule({
  id: 'PLN-GCP-023',
  title: 'Cloud SQL instances refuse unencrypted connections',
  severity: 'high',
  // Not CKV_GCP_6: Checkov 3.3.13 accepts only TRUSTED_CLIENT_CERTIFICATE_REQUIRED outside SQL Server, so it fails
  // ENCRYPTED_ONLY, which Plinth sets because the Cloud SQL connector already authenticates with client certificates.
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'Without required TLS, a client that connects in clear text sends its password and every query result readable on the network.',
  remediation: 'Set settings.ip_configuration.ssl_mode = "ENCRYPTED_ONLY" (or "TRUSTED_CLIENT_CERTIFICATE_REQUIRED" to also demand client certificates).',
  check: (instance) =>
    expectAttribute(instance.values, {
      path: 'settings.ip_configuration.ssl_mode',
      accept: (value) => typeof value === 'string' && TLS_MODES.includes(value),
      expected: `set it to ${TLS_MODES.map((mode) => `"${mode}"`).join(' or ')}`,
      missing: 'fail',
    }),
});
