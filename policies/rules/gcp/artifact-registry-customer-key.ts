import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const artifactRegistryCustomerKey = resourceRule({
  id: 'PLN-GCP-020',
  title: 'Artifact Registry repositories encrypt with a customer-managed key',
  severity: 'medium',
  checkov: 'CKV_GCP_84',
  resourceTypes: ['google_artifact_registry_repository'],
  rationale: 'With a customer-managed key, access to images at rest follows the key\'s IAM and is logged.',
  remediation: 'Set kms_key_name to the platform\'s Cloud KMS key (the Artifact Registry service agent needs encrypter/decrypter on it).',
  check: (repository) => expectPresent(repository.values, 'kms_key_name', 'set it to a Cloud KMS key'),
});
