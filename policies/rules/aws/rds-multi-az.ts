import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const rdsMultiAz = resourceRule({
  id: 'PLN-AWS-015',
  title: 'RDS instances run Multi-AZ',
  severity: 'low',
  checkov: 'CKV_AWS_157',
  resourceTypes: ['aws_db_instance'],
  rationale: 'A single-AZ database goes down with its zone, and with it tracking, the registry and the promotion gates.',
  remediation: 'Set multi_az = true (Plinth does for environments with ha).',
  check: (db) => expectTrue(db.values, 'multi_az'),
});
