import { resourceRule } from '../../engine/rule';
import { expectPresent } from '../shared/expect';

export const elasticacheCustomerKey = resourceRule({
  id: 'PLN-AWS-024',
  title: 'ElastiCache replication groups encrypt with a customer-managed key',
  severity: 'medium',
  checkov: 'CKV_AWS_191',
  resourceTypes: ['aws_elasticache_replication_group'],
  rationale: 'With a customer-managed key, access to snapshots and data at rest follows the key policy and is logged.',
  remediation: 'Set at_rest_encryption_enabled = true and kms_key_id to the platform key.',
  check: (group) => expectPresent(group.values, 'kms_key_id', 'set it to a customer-managed KMS key'),
});
