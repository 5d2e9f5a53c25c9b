import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { describe, isUnresolved } from '../../engine/values';
import { encryptionAlgorithms } from './shared/s3';

export const s3KmsEncryption = resourceRule({
  id: 'PLN-AWS-003',
  title: 'S3 buckets encrypt with KMS by default',
  severity: 'high',
  checkov: 'CKV_AWS_145',
  resourceTypes: ['aws_s3_bucket'],
  rationale:
    'SSE-S3 keys are AWS\'s: anyone with s3:GetObject reads the data. With KMS, reading also needs kms:Decrypt on a key you control, and every use is logged in CloudTrail.',
  remediation:
    'Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with sse_algorithm = "aws:kms" and kms_master_key_id set to a customer-managed key.',
  check(bucket, { graph }) {
    const { inline, separate } = encryptionAlgorithms(bucket, graph);
    const all = [...inline, ...separate];
    if (all.some((algorithm) => algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse')) return pass;
    if (all.length === 0) return fail('aws_s3_bucket_server_side_encryption_configuration', 'does not exist for this bucket; S3 falls back to SSE-S3 keys');
    if (all.some(isUnresolved)) return unknown('sse_algorithm', 'is only known after apply');
    return fail('apply_server_side_encryption_by_default.sse_algorithm', `is ${describe(all[0])}; set it to "aws:kms"`);
  },
});
