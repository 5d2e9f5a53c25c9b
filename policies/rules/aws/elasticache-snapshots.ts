import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { asNumber, isUnresolved } from '../../engine/values';

export const elasticacheSnapshots = resourceRule({
  id: 'PLN-AWS-026',
  title: 'ElastiCache Redis clusters keep automatic snapshots',
  severity: 'low',
  checkov: 'CKV_AWS_134',
  resourceTypes: ['aws_elasticache_cluster'],
  rationale: 'Without snapshots a failed node loses every key it held.',
  remediation: 'Set snapshot_retention_limit to 1 or more days.',
  check(cluster) {
    // Memcached keeps no snapshots at all.
    if (cluster.values.engine === 'memcached') return notApplicable;
    const limit = cluster.values.snapshot_retention_limit;
    if (limit === undefined) return fail('snapshot_retention_limit', 'is not set (0 days); set 1 or more');
    if (isUnresolved(limit)) return unknown('snapshot_retention_limit', 'is only known after apply');
    return asNumber(limit) === 0 ? fail('snapshot_retention_limit', 'is 0; set 1 or more days') : pass;
  },
});
