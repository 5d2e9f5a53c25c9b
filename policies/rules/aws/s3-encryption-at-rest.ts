import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { describe, isUnresolved } from '../../engine/values';
import { encryptionAlgorithms } from './shared/s3';

const ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export const s3EncryptionAtRest = resourceRule({
  id: 'PLN-AWS-002',
  title: 'S3 buckets encrypt objects at rest',
  severity: 'medium',
  checkov: 'CKV_AWS_19',
  resourceTypes: ['aws_s3_bucket'],
  rationale:
    'An encryption configuration with an unknown algorithm is rejected or ignored; S3 encrypts with SSE-S3 by default only when no configuration overrides it.',
  remediation: 'Leave the default, or set rule.apply_server_side_encryption_by_default.sse_algorithm to "aws:kms" (preferred) or "AES256".',
  check(bucket, { graph }) {
    const { inline, separate, separateCount } = encryptionAlgorithms(bucket, graph);
    const all = [...inline, ...separate];
    if (all.some((algorithm) => ALGORITHMS.includes(algorithm as string))) return pass;
    // Since January 2023 S3 encrypts every new object with SSE-S3 when nothing else is configured.
    if (inline.length === 0 && separateCount === 0) return pass;
    if (all.some(isUnresolved)) return unknown('sse_algorithm', 'is only known after apply');
    return fail('apply_server_side_encryption_by_default.sse_algorithm', `is ${describe(all[0])}; use "aws:kms" or "AES256"`);
  },
});
