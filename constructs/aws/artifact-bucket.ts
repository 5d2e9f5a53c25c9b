import { Construct } from 'constructs';
import type { ArtifactStore, Grantee } from '../kit';
import { AwsAccount } from './account';
import type { AwsEncryptionKey } from './encryption-key';
import { checkedPrefix } from '../object-prefix';
import { grantToRole, policyNamePart } from './grants';
import type { PolicyStatement } from './policy-document';
import { SecureBucket } from './secure-bucket';

export interface ArtifactBucketProps {
  /** Prefix of the bucket names; the account id is appended to make them globally unique. */
  readonly namePrefix: string;
  readonly key: AwsEncryptionKey;
  /**
   * The bucket's region, which S3 clients other than the AWS SDKs (Qdrant's snapshot upload) must be told.
   * @default - the stack's provider region, looked up at plan time
   */
  readonly region?: string;
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
  readonly key: AwsEncryptionKey;
  readonly accessLogs: SecureBucket;
  readonly bucketName: string;
  readonly uri: string;
  /** Pods reach the bucket through the S3 API with their IRSA identity's own temporary credentials. */
  readonly s3Api: { readonly region: string };

  constructor(scope: Construct, id: string, props: ArtifactBucketProps) {
    super(scope, id);
    const transitionDays = props.noncurrentTransitionDays ?? 30;
    const expirationDays = props.noncurrentExpirationDays ?? 365;
    if (expirationDays <= transitionDays) {
      throw new Error(
        `ArtifactBucket ${this.node.path}: noncurrentExpirationDays (${expirationDays}) must be greater than noncurrentTransitionDays (${transitionDays})`,
      );
    }
    this.key = props.key;
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
    this.s3Api = { region: props.region ?? account.region };
  }

  /** Lets `grantee` list and read objects under `prefix` (the whole bucket when omitted), decrypting them. */
  grantRead(grantee: Grantee, prefix?: string): void {
    this.grantObjects(grantee, 'read', checkedPrefix(this, prefix), READ_ACTIONS, ['kms:Decrypt']);
  }

  /** As grantRead, and write, overwrite and delete objects under `prefix`, encrypting them. */
  grantReadWrite(grantee: Grantee, prefix?: string): void {
    this.grantObjects(grantee, 'read-write', checkedPrefix(this, prefix), [...READ_ACTIONS, ...WRITE_ACTIONS], ['kms:Decrypt', 'kms:GenerateDataKey']);
  }

  private grantObjects(grantee: Grantee, access: string, prefix: string, objectActions: readonly string[], keyActions: readonly string[]): void {
    const account = AwsAccount.of(this);
    const bucketArn = this.data.arn;
    const statements: PolicyStatement[] = [
      {
        Sid: 'ListObjects',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: bucketArn,
        ...(prefix ? { Condition: { StringLike: { 's3:prefix': `${prefix}*` } } } : {}),
      },
      { Sid: 'UseObjects', Effect: 'Allow', Action: objectActions, Resource: `${bucketArn}/${prefix}*` },
      {
        Sid: 'UseTheBucketKeyThroughS3',
        Effect: 'Allow',
        Action: keyActions,
        Resource: this.key.arn,
        Condition: {
          StringEquals: { 'kms:ViaService': account.viaService('s3') },
          // S3 Bucket Keys use the bucket's ARN as encryption context; objects written without one use their own.
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/${prefix}*`] },
        },
      },
    ];
    const name = [policyNamePart(this.node.id), access, ...(prefix ? [policyNamePart(prefix)] : [])].join('-');
    grantToRole(this, grantee, name, statements);
  }
}

/** Reading an artifact: the object, or an older version of it (the bucket is versioned). */
const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'] as const;
/** Writing an artifact, in one request or in parts, and deleting it (older versions stay until they expire). */
const WRITE_ACTIONS = ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] as const;
