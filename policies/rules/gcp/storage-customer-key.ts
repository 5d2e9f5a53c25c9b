import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const storageCustomerKey = resourceRule({
  id: 'PLN-GCP-026',
  title: 'Cloud Storage buckets encrypt with a customer-managed key',
  severity: 'medium',
  resourceTypes: ['google_storage_bucket'],
  rationale: 'With a customer-managed key, reading objects at rest also takes the key\'s IAM, every use is logged, and disabling the key cuts off access to the data.',
  remediation: 'Set encryption { default_kms_key_name = <the platform\'s Cloud KMS key> } (the Cloud Storage service agent needs encrypter/decrypter on it).',
  check: (bucket) => expectPresent(bucket.values, 'encryption.default_kms_key_name', 'set it to a Cloud KMS key'),
});
