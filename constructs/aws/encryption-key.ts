import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { EncryptionKey, Grantee } from '../kit';
import { AwsAccount } from './account';
import { grantToRole, policyNamePart } from './grants';
import { policyDocument } from './policy-document';

export interface AwsEncryptionKeyProps {
  /** Alias, without the `alias/` prefix. */
  readonly alias: string;
  readonly region: string;
  readonly description?: string;
  /**
   * Days AWS waits before deleting the key once scheduled for deletion (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/**
 * A customer-managed KMS key with yearly rotation. Its policy delegates to IAM in this account (so
 * roles are granted use of it by their own least-privilege policies) and lets CloudWatch Logs
 * encrypt this account's log groups, which cannot use IAM for that.
 */
export class AwsEncryptionKey extends Construct implements EncryptionKey {
  readonly key: KmsKey;
  readonly keyId: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AwsEncryptionKeyProps) {
    super(scope, id);
    const account = AwsAccount.of(this);
    const deletionWindowDays = props.deletionWindowDays ?? 30;
    if (deletionWindowDays < 7 || deletionWindowDays > 30) {
      throw new Error(`AwsEncryptionKey ${this.node.path}: deletionWindowDays must be 7-30, got ${deletionWindowDays}`);
    }
    this.key = new KmsKey(this, 'Resource', {
      description: props.description ?? `Plinth data key ${props.alias}`,
      // Rotation defaults to yearly, the period AWS recommends.
      enableKeyRotation: true,
      deletionWindowInDays: deletionWindowDays,
      policy: policyDocument(
        {
          Sid: 'AccountAdministersKeyThroughIam',
          Effect: 'Allow',
          Principal: { AWS: account.rootArn },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
          Effect: 'Allow',
          Principal: { Service: `logs.${props.region}.amazonaws.com` },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': account.arn('logs', props.region, 'log-group:*') } },
        },
      ),
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.keyId = this.key.arn;
    this.arn = this.key.arn;
  }

  /** Lets `grantee` encrypt and decrypt with this key directly, data keys included. */
  grantEncryptDecrypt(grantee: Grantee): void {
    grantToRole(this, grantee, `kms-encrypt-decrypt-${policyNamePart(this.node.id)}`, [
      {
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: this.arn,
      },
    ]);
  }
}
