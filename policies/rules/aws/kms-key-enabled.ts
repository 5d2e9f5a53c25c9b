import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const kmsKeyEnabled = resourceRule({
  id: 'PLN-AWS-011',
  title: 'KMS keys are enabled',
  severity: 'low',
  checkov: 'CKV_AWS_227',
  resourceTypes: ['aws_kms_key'],
  rationale: 'A disabled key makes everything encrypted with it unreadable: buckets, database storage, secrets.',
  remediation: 'Remove is_enabled = false; disable a key only as a step towards deleting it.',
  check: (key) => expectTrue(key.values, 'is_enabled', 'pass'),
});
