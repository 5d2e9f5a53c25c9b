import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { PostgresDatabase, type PostgresDatabaseProps } from '../../../constructs/aws/postgres-database';
import { VpcNetwork } from '../../../constructs/aws/vpc-network';
import { only, refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

function database(props: Partial<PostgresDatabaseProps> = {}) {
  return synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    const network = new VpcNetwork(s, 'Network', { name: 'n', region: 'eu-west-1', key, cidr: '10.20.0.0/16' });
    new PostgresDatabase(s, 'Db', { identifier: 'acme-dev-metadata', network, key, ...props });
  });
}

describe('PostgresDatabase', () => {
  const stack = database();
  const db = only(stack, 'aws_db_instance');
  const keyArn = refTo(stack, 'aws_kms_key', 'arn');

  it('encrypts storage, Performance Insights and the master secret with the platform key', () => {
    expect(db).toMatchObject({ storage_encrypted: true, kms_key_id: keyArn, performance_insights_kms_key_id: keyArn, master_user_secret_kms_key_id: keyArn });
  });

  it('lets AWS generate and keep the master password: none is in the Terraform code', () => {
    expect(db.manage_master_user_password).toBe(true);
    expect(db.password).toBeUndefined();
    expect(db.password_wo).toBeUndefined();
  });

  it('is private: no public address, private subnets only, reachable on 5432 from the VPC only', () => {
    expect(db.publicly_accessible).toBe(false);
    const subnetIds: string[] = only(stack, 'aws_db_subnet_group').subnet_ids;
    const privateNames = Object.entries(stack.resource!.aws_subnet!).filter(([, s]) => (s as any).tags.Name.includes('private')).map(([name]) => name);
    expect(subnetIds.sort()).toEqual(privateNames.map((name) => `\${aws_subnet.${name}.id}`).sort());
    const rules = resourcesOf(stack, 'aws_security_group_rule');
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ type: 'ingress', from_port: 5432, to_port: 5432, cidr_blocks: ['10.20.0.0/16'] });
  });

  it('requires TLS from every client and turns IAM authentication on', () => {
    expect(only(stack, 'aws_db_parameter_group').parameter).toContainEqual({ name: 'rds.force_ssl', value: '1' });
    expect(db.iam_database_authentication_enabled).toBe(true);
  });

  it('keeps backups and exports its logs to encrypted log groups', () => {
    expect(db.backup_retention_period).toBe(7);
    expect(db.enabled_cloudwatch_logs_exports).toEqual(['postgresql', 'upgrade']);
    const groups = resourcesOf(stack, 'aws_cloudwatch_log_group').filter((g) => String(g.name).startsWith('/aws/rds/instance/acme-dev-metadata/'));
    expect(groups).toHaveLength(2);
    expect(groups.every((g) => g.kms_key_id === keyArn)).toBe(true);
  });

  it('is deletion-protected with a final snapshot by default', () => {
    expect(db).toMatchObject({ deletion_protection: true, skip_final_snapshot: false, final_snapshot_identifier: 'acme-dev-metadata-final' });
  });

  it('runs Multi-AZ when asked, and can be made disposable for short-lived environments', () => {
    const ha = only(database({ multiAz: true }), 'aws_db_instance');
    expect(ha.multi_az).toBe(true);
    const disposable = only(database({ deletionProtection: false }), 'aws_db_instance');
    expect(disposable).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(disposable.final_snapshot_identifier).toBeUndefined();
  });

  it('refuses storage above its autoscaling ceiling', () => {
    expect(() => database({ allocatedStorageGb: 500, maxAllocatedStorageGb: 100 })).toThrow(/allocatedStorageGb \(500\) must not exceed maxAllocatedStorageGb \(100\)/);
  });
});
