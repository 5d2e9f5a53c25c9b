import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { suppress } from '../../policies/engine/suppress';
import type { AwsEncryptionKey } from './encryption-key';
import { policyDocument, type PolicyStatement } from './policy-document';

/** How a bucket encrypts objects at rest. */
export type BucketEncryption =
  | { readonly kind: 'kms'; readonly key: AwsEncryptionKey }
  /**
   * S3-managed keys. Only for buckets AWS services write to that cannot use KMS, such as the
   * target of S3 server access logs; say why wherever it is used.
   */
  | { readonly kind: 's3-managed'; readonly reason: string };

export interface SecureBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  readonly encryption: BucketEncryption;
  /**
   * Bucket that receives this bucket's server access logs.
   * @default - no access logging: only for a log bucket itself
   */
  readonly accessLogs?: { readonly bucket: SecureBucket; readonly prefix: string };
  /** Lifecycle rules; a rule aborting incomplete multipart uploads after 7 days is always added. @default - none */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** Statements added to the bucket policy, beside the TLS-only denials. @default - none */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Let `terraform destroy` delete a bucket that still holds objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket that is private, versioned, encrypted, TLS-only and owner-enforced (no ACLs). Each
 * concern the AWS provider splits into its own resource is a child with a plain id, so every piece
 * of a bucket is found under one construct path.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly arn: string;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (!props.accessLogs && props.encryption.kind === 'kms') {
      throw new Error(`SecureBucket ${this.node.path}: accessLogs is required for a KMS-encrypted data bucket (only log buckets may go without)`);
    }
    this.bucket = new S3Bucket(this, 'Resource', { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'OwnershipControls', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketVersioningA(this, 'Versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      bucket: this.bucket.id,
      rule: [
        props.encryption.kind === 'kms'
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.encryption.key.arn },
              // S3 Bucket Keys cut KMS requests (and their cost) by orders of magnitude.
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket: this.bucket.id,
      // Statement order means nothing to AWS; the grants come first because the moto emulator
      // stops reading at a statement whose Principal is "*" when it checks log delivery grants.
      policy: policyDocument(
        ...(props.policyStatements ?? []),
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
        {
          Sid: 'DenyOutdatedTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
          Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
        },
      ),
      // A policy written before the public access block could be judged public and refused.
      dependsOn: [this.publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.lifecycleRules ?? []),
      ],
    });
    if (props.encryption.kind === 's3-managed') {
      suppress(this.bucket, 'PLN-AWS-003', props.encryption.reason);
    }
    if (!props.accessLogs) {
      suppress(this.bucket, 'PLN-AWS-004', 'An access-log bucket does not log access to itself: every delivery would log another delivery');
    } else {
      new S3BucketLoggingA(this, 'AccessLogging', {
        bucket: this.bucket.id,
        targetBucket: props.accessLogs.bucket.bucket.id,
        targetPrefix: props.accessLogs.prefix,
        // S3 checks that the target's policy lets the logging service write before it accepts.
        dependsOn: [props.accessLogs.bucket.policy],
      });
    }
  }
}
