import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const elasticacheAutomaticFailover = resourceRule({
  id: 'PLN-AWS-025',
  title: 'ElastiCache replication groups fail over automatically',
  severity: 'low',
  checkov: 'CKV2_AWS_50',
  resourceTypes: ['aws_elasticache_replication_group'],
  rationale: 'Without automatic failover, losing the primary node stops writes until someone promotes a replica by hand.',
  remediation: 'Set automatic_failover_enabled = true (and multi_az_enabled) with at least one replica.',
  check: (group) => expectTrue(group.values, 'automatic_failover_enabled'),
});
