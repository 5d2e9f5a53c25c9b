import { notApplicable, resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const kmsKeyRotation = resourceRule({
  id: 'PLN-AWS-008',
  title: 'KMS keys rotate automatically',
  severity: 'medium',
  checkov: 'CKV_AWS_7',
  resourceTypes: ['aws_kms_key'],
  rationale: 'Rotation limits how much data one key version protects and how long a leaked key stays useful.',
  remediation: 'Set enable_key_rotation = true (rotation_period_in_days defaults to 365).',
  check(key) {
    const spec = key.values.customer_master_key_spec;
    // Only symmetric encryption keys can rotate; asymmetric and HMAC keys cannot.
    if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') return notApplicable;
    return expectTrue(key.values, 'enable_key_rotation');
  },
});
