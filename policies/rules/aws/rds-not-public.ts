import { fail, pass, resourceRule } from '../../engine/rule';
import { isTrue } from '../../engine/values';

export const rdsNotPublic = resourceRule({
  id: 'PLN-AWS-022',
  title: 'RDS instances are not publicly accessible',
  severity: 'critical',
  checkov: 'CKV_AWS_17',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  rationale: 'A public endpoint puts the database login on the internet; only a security group stands between it and every scanner.',
  remediation: 'Set publicly_accessible = false and reach the database from inside the VPC.',
  check: (db) => (isTrue(db.values.publicly_accessible) ? fail('publicly_accessible', 'is true; set it to false') : pass),
  unsuppressible: 'production',
});
