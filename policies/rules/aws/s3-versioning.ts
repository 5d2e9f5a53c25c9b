import { resourceRule } from '../../engine/rule';
import { versioningVerdict } from './shared/s3';

export const s3Versioning = resourceRule({
  id: 'PLN-AWS-005',
  title: 'S3 buckets keep object versions',
  severity: 'medium',
  checkov: 'CKV_AWS_21',
  resourceTypes: ['aws_s3_bucket'],
  rationale: 'Versioning turns an overwrite or a delete into something you can undo, and is required for replication and object lock.',
  remediation: 'Add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status = "Enabled" (and a lifecycle rule expiring noncurrent versions).',
  check: (bucket, { graph }) => versioningVerdict(bucket, graph),
});
