import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const rdsMinorUpgrades = resourceRule({
  id: 'PLN-AWS-018',
  title: 'RDS instances take minor version upgrades',
  severity: 'low',
  checkov: 'CKV_AWS_226',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  rationale: 'Minor versions carry security fixes; applying them in the maintenance window keeps the engine patched.',
  remediation: 'Set auto_minor_version_upgrade = true.',
  check: (db) => expectTrue(db.values, 'auto_minor_version_upgrade'),
});
