import { Construct } from 'constructs';
import { recordSource } from '../../policies/engine/source';
import type { ArtifactStore } from '../kit';
import { AwsAccount } from './account';
import type { AwsEncryptionKey } from './encryption-key';
import { SecureBucket } from './secure-bucket';

export interface ArtifactBucketProps {
  /** Prefix of the bucket names; the account id is appended to make them globally unique. */
  readonly namePrefix: string;
  readonly key: AwsEncryptionKey;
  /**
   * Days before a replaced object version moves to STANDARD_IA (S3 requires at least 30).
   * @default 30
   */
  readonly noncurrentTransitionDays?: number;
  /**
   * Days before a replaced object version is deleted.
   * @default 365
   */
  readonly noncurrentExpirationDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * Let `terraform destroy` delete the buckets while they still hold objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket for datasets, model artifacts and the Triton model repository: KMS-encrypted,
 * versioned (a model is never lost to an overwrite), old versions tiered down then expired, and
 * every access logged to a companion log bucket.
 */
export class ArtifactBucket extends Construct implements ArtifactStore {
  readonly data: SecureBucket;
  readonly accessLogs: SecureBucket;
  readonly bucketName: string;
  readonly uri: string;

  constructor(scope: Construct, id: string, props: ArtifactBucketProps) {
    super(scope, id);
    const transitionDays = props.noncurrentTransitionDays ?? 30;
    const expirationDays = props.noncurrentExpirationDays ?? 365;
    if (expirationDays <= transitionDays) {
      throw new Error(
        `ArtifactBucket ${this.node.path}: noncurrentExpirationDays (${expirationDays}) must be greater than noncurrentTransitionDays (${transitionDays})`,
      );
    }
    const account = AwsAccount.of(this);
    const dataBucketName = `${props.namePrefix}-artifacts-${account.accountId}`;

    this.accessLogs = new SecureBucket(this, 'AccessLogs', {
      bucketName: `${props.namePrefix}-access-logs-${account.accountId}`,
      encryption: { kind: 's3-managed', reason: 'S3 server access logging can only deliver to buckets encrypted with S3-managed keys' },
      forceDestroy: props.forceDestroy,
      lifecycleRules: [
        { id: 'expire-access-logs', status: 'Enabled', filter: [{}], expiration: [{ days: props.accessLogRetentionDays ?? 365 }] },
        { id: 'expire-noncurrent-access-logs', status: 'Enabled', filter: [{}], noncurrentVersionExpiration: [{ noncurrentDays: 30 }] },
      ],
      policyStatements: [
        {
          Sid: 'S3ServerAccessLogsFromTheArtifactBucket',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:${account.partition}:s3:::${props.namePrefix}-access-logs-${account.accountId}/${dataBucketName}/*`,
          Condition: {
            ArnLike: { 'aws:SourceArn': `arn:${account.partition}:s3:::${dataBucketName}` },
            StringEquals: { 'aws:SourceAccount': account.accountId },
          },
        },
      ],
    });

    this.data = new SecureBucket(this, 'Data', {
      bucketName: dataBucketName,
      encryption: { kind: 'kms', key: props.key },
      accessLogs: { bucket: this.accessLogs, prefix: `${dataBucketName}/` },
      forceDestroy: props.forceDestroy,
      lifecycleRules: [
        {
          id: 'tier-then-expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionTransition: [{ noncurrentDays: transitionDays, storageClass: 'STANDARD_IA' }],
          noncurrentVersionExpiration: [{ noncurrentDays: expirationDays }],
        },
      ],
    });
    this.bucketName = this.data.bucketName;
    this.uri = `s3://${this.data.bucketName}`;
    recordSource(this);
  }
}
