import { ArtifactBucket } from '../../../constructs/aws/artifact-bucket';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { SecureBucket } from '../../../constructs/aws/secure-bucket';
import { policyOf, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

describe('ArtifactBucket', () => {
  const stack = synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    new ArtifactBucket(s, 'Artifacts', { namePrefix: 'acme-dev', key });
  });
  const buckets = resourcesOf(stack, 'aws_s3_bucket');
  const bucketRef = (i: number) => `\${aws_s3_bucket.${Object.keys(stack.resource!.aws_s3_bucket!)[i]}.id}`;
  const dataIndex = buckets.findIndex((b) => String(b.bucket).includes('-artifacts-'));
  const logsIndex = 1 - dataIndex;
  const forBucket = (type: string, index: number) => resourcesOf(stack, type).find((r) => r.bucket === bucketRef(index))!;

  it('encrypts artifacts with the platform KMS key and S3 Bucket Keys', () => {
    const rule = forBucket('aws_s3_bucket_server_side_encryption_configuration', dataIndex).rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: refTo(stack, 'aws_kms_key', 'arn') });
    expect(rule.bucket_key_enabled).toBe(true);
  });

  it('encrypts the access-log bucket with S3-managed keys, the only kind S3 log delivery accepts', () => {
    const rule = forBucket('aws_s3_bucket_server_side_encryption_configuration', logsIndex).rule[0];
    expect(rule.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
  });

  it.each([['data', () => dataIndex], ['access logs', () => logsIndex]])('versions and blocks every kind of public access on the %s bucket', (_name, index) => {
    expect(forBucket('aws_s3_bucket_versioning', index()).versioning_configuration.status).toBe('Enabled');
    expect(forBucket('aws_s3_bucket_public_access_block', index())).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(forBucket('aws_s3_bucket_ownership_controls', index()).rule.object_ownership).toBe('BucketOwnerEnforced');
  });

  it.each([['data', () => dataIndex], ['access logs', () => logsIndex]])('denies any request over plain HTTP or TLS below 1.2 on the %s bucket', (_name, index) => {
    const statements = policyOf(forBucket('aws_s3_bucket_policy', index())).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } }));
  });

  it('moves replaced artifact versions to STANDARD_IA, then expires them', () => {
    const rules = forBucket('aws_s3_bucket_lifecycle_configuration', dataIndex).rule as Record<string, any>[];
    const noncurrent = rules.find((r) => r.noncurrent_version_transition)!;
    expect(noncurrent.noncurrent_version_transition).toEqual([{ noncurrent_days: 30, storage_class: 'STANDARD_IA' }]);
    expect(noncurrent.noncurrent_version_expiration).toEqual([{ noncurrent_days: 365 }]);
    expect(rules.some((r) => r.abort_incomplete_multipart_upload?.[0]?.days_after_initiation === 7)).toBe(true);
  });

  it('logs every access to the log bucket, which only the S3 logging service for this bucket may write to', () => {
    const logging = forBucket('aws_s3_bucket_logging', dataIndex);
    expect(logging.target_bucket).toBe(bucketRef(logsIndex));
    const grant = policyOf(forBucket('aws_s3_bucket_policy', logsIndex)).Statement.find((s) => s.Effect === 'Allow')!;
    expect(grant).toMatchObject({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' });
    expect(grant.Condition.ArnLike['aws:SourceArn']).toMatch(/acme-dev-artifacts-/);
  });

  it('keeps buckets on destroy unless told otherwise', () => {
    expect(buckets.every((b) => b.force_destroy === false)).toBe(true);
  });

  it('refuses a KMS data bucket without access logging, and an expiry before the transition', () => {
    expect(() =>
      synthAwsStack((s) => {
        const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
        new SecureBucket(s, 'B', { bucketName: 'b', encryption: { kind: 'kms', key } });
      }),
    ).toThrow(/accessLogs is required/);
    expect(() =>
      synthAwsStack((s) => {
        const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
        new ArtifactBucket(s, 'A', { namePrefix: 'x', key, noncurrentTransitionDays: 90, noncurrentExpirationDays: 60 });
      }),
    ).toThrow(/noncurrentExpirationDays \(60\) must be greater than noncurrentTransitionDays \(90\)/);
  });
});
