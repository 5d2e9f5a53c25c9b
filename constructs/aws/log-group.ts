import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { Construct } from 'constructs';
import type { AwsEncryptionKey } from './encryption-key';

export interface EncryptedLogGroupProps {
  readonly name: string;
  readonly key: AwsEncryptionKey;
  /** @default 90 */
  readonly retentionDays?: number;
}

/**
 * A CloudWatch log group encrypted with the platform key. Created before the service that writes
 * to it, so AWS never creates it unencrypted with infinite retention.
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name: props.name,
    kmsKeyId: props.key.arn,
    retentionInDays: props.retentionDays ?? 90,
  });
}
