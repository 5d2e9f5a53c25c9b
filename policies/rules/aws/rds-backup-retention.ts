import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { asNumber, describe, isUnresolved } from '../../engine/values';

export const rdsBackupRetention = resourceRule({
  id: 'PLN-AWS-013',
  title: 'RDS databases keep automated backups',
  severity: 'medium',
  checkov: 'CKV_AWS_133',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster'],
  rationale: 'A retention of 0 turns automated backups and point-in-time recovery off: a bad migration or a deleted table cannot be undone.',
  remediation: 'Set backup_retention_period between 1 and 35 days (7 or more in production).',
  check(db) {
    const period = db.values.backup_retention_period;
    // Unset means the provider default of 1 day.
    if (period === undefined) return pass;
    if (isUnresolved(period)) return unknown('backup_retention_period', 'is only known after apply');
    const days = asNumber(period);
    return days !== undefined && days > 0 && days <= 35 ? pass : fail('backup_retention_period', `is ${describe(period)}; set 1 to 35 days`);
  },
});
