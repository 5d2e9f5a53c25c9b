import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { only, policyOf, synthAwsStack } from '../../support/construct-synth';

describe('AwsEncryptionKey', () => {
  const stack = synthAwsStack((s) => new AwsEncryptionKey(s, 'Key', { alias: 'plinth/test', region: 'eu-west-1' }));
  const key = only(stack, 'aws_kms_key');

  it('rotates the key material every year', () => {
    expect(key.enable_key_rotation).toBe(true);
    // AWS's default period is 365 days; a shorter one would have to be set here.
    expect(key.rotation_period_in_days).toBeUndefined();
  });

  it('waits the longest window before deletion by default', () => {
    expect(key.deletion_window_in_days).toBe(30);
  });

  it('delegates use to IAM in this account and lets CloudWatch Logs encrypt only this account’s log groups', () => {
    const statements = policyOf(key).Statement;
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\..*\}:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:root$/) } });
    expect(statements[1]).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': expect.stringMatching(/:logs:eu-west-1:.*:log-group:\*$/) } },
    });
    expect(statements.some((s) => s.Principal === '*' || s.Principal?.AWS === '*')).toBe(false);
  });

  it('has an alias', () => {
    expect(only(stack, 'aws_kms_alias').name).toBe('alias/plinth/test');
  });

  it('refuses a deletion window AWS would reject', () => {
    expect(() => synthAwsStack((s) => new AwsEncryptionKey(s, 'Key', { alias: 'x', region: 'eu-west-1', deletionWindowDays: 3 }))).toThrow(/deletionWindowDays must be 7-30, got 3/);
  });
});
