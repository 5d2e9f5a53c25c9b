import { notApplicable, resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const rdsIamAuthentication = resourceRule({
  id: 'PLN-AWS-016',
  title: 'RDS instances accept IAM authentication',
  severity: 'medium',
  checkov: 'CKV_AWS_161',
  resourceTypes: ['aws_db_instance'],
  rationale: 'IAM authentication gives services short-lived tokens tied to their role instead of a long-lived password.',
  remediation: 'Set iam_database_authentication_enabled = true.',
  check(db) {
    // Only MySQL and PostgreSQL support IAM authentication.
    if (db.values.engine !== 'mysql' && db.values.engine !== 'postgres') return notApplicable;
    return expectTrue(db.values, 'iam_database_authentication_enabled');
  },
});
