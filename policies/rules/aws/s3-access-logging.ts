import { fail, pass, resourceRule } from '../../engine/rule';
import { isPresent } from '../../engine/values';
import { bucketSettings } from './shared/s3';

export const s3AccessLogging = resourceRule({
  id: 'PLN-AWS-004',
  title: 'S3 buckets log access',
  severity: 'medium',
  checkov: 'CKV_AWS_18',
  resourceTypes: ['aws_s3_bucket'],
  rationale: 'Server access logs are the record of who read which object; without them a data leak cannot be scoped.',
  remediation: 'Add an aws_s3_bucket_logging for the bucket with target_bucket set to the platform\'s log bucket.',
  check(bucket, { graph }) {
    if (isPresent(bucket.values.logging)) return pass;
    return bucketSettings(bucket, graph, 'aws_s3_bucket_logging').length > 0 ? pass : fail('aws_s3_bucket_logging', 'does not exist for this bucket');
  },
});
