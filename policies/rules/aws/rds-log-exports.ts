import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const rdsLogExports = resourceRule({
  id: 'PLN-AWS-017',
  title: 'RDS instances export logs to CloudWatch',
  severity: 'medium',
  checkov: 'CKV_AWS_129',
  resourceTypes: ['aws_db_instance'],
  rationale: 'Database logs on the instance are lost with it and cannot be searched or alerted on.',
  remediation: 'Set enabled_cloudwatch_logs_exports, e.g. ["postgresql", "upgrade"] for PostgreSQL.',
  check: (db) => expectPresent(db.values, 'enabled_cloudwatch_logs_exports', 'list the logs to export, e.g. ["postgresql"]'),
});
