import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const rdsDeletionProtection = resourceRule({
  id: 'PLN-AWS-014',
  title: 'RDS instances are protected from deletion',
  severity: 'medium',
  checkov: 'CKV_AWS_293',
  resourceTypes: ['aws_db_instance'],
  rationale: 'Without deletion protection a mistaken destroy or replacement drops the tracking and registry database.',
  remediation: 'Set deletion_protection = true (Plinth does for production and when deletionProtection is on).',
  check: (db) => expectTrue(db.values, 'deletion_protection'),
});
