import { notApplicable, resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

/** Classes on which MySQL and MariaDB have no Performance Insights. */
const SMALL_CLASSES = new Set(['db.t2.micro', 'db.t2.small', 'db.t3.micro', 'db.t3.small', 'db.t4g.micro', 'db.t4g.small']);

export const rdsPerformanceInsights = resourceRule({
  id: 'PLN-AWS-019',
  title: 'RDS instances have Performance Insights',
  severity: 'low',
  checkov: 'CKV_AWS_353',
  resourceTypes: ['aws_db_instance', 'aws_rds_cluster_instance'],
  rationale: 'Performance Insights shows which queries load the database; without it a slow tracking server is guesswork.',
  remediation: 'Set performance_insights_enabled = true (7 days of retention are free).',
  check(db) {
    const { engine, instance_class: instanceClass } = db.values;
    if ((engine === 'mysql' || engine === 'mariadb') && SMALL_CLASSES.has(instanceClass as string)) return notApplicable;
    if (engine === 'db2-se' || engine === 'db2-ae') return notApplicable;
    return expectTrue(db.values, 'performance_insights_enabled');
  },
});
