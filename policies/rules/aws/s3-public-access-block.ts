import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { describe, isTrue, isUnresolved } from '../../engine/values';
import { bucketSettings } from './shared/s3';

const REQUIRED = ['block_public_acls', 'block_public_policy'] as const;

export const s3PublicAccessBlock = resourceRule({
  id: 'PLN-AWS-001',
  title: 'S3 buckets have a public access block',
  severity: 'high',
  checkov: 'CKV2_AWS_6',
  resourceTypes: ['aws_s3_bucket'],
  rationale:
    'Without a public access block, one ACL or bucket-policy change opens the bucket to the internet; datasets and model artifacts leak that way.',
  remediation:
    'Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets = true.',
  check(bucket, { graph }) {
    const accessBlocks = bucketSettings(bucket, graph, 'aws_s3_bucket_public_access_block');
    if (accessBlocks.length === 0) return fail('aws_s3_bucket_public_access_block', 'does not exist for this bucket');
    if (accessBlocks.some((block) => REQUIRED.every((key) => isTrue(block.values[key])))) return pass;
    const block = accessBlocks[0]!;
    const key = REQUIRED.find((name) => !isTrue(block.values[name]))!;
    if (isUnresolved(block.values[key])) return unknown(`${block.address}.${key}`, 'is only known after apply');
    return fail(`${block.address}.${key}`, `is ${describe(block.values[key])}; set it to true`);
  },
});
