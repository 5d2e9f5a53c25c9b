import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { isPresent, isTrue, isUnresolved } from '../../engine/values';

export const elasticacheTransitEncryption = resourceRule({
  id: 'PLN-AWS-023',
  title: 'ElastiCache replication groups encrypt traffic and require authentication',
  severity: 'high',
  checkov: 'CKV_AWS_31',
  resourceTypes: ['aws_elasticache_replication_group'],
  rationale: 'Without TLS and AUTH, anything in the VPC can read and overwrite the online features and cached predictions in Redis.',
  remediation: 'Set transit_encryption_enabled = true and either auth_token (from a secret) or user_group_ids.',
  check(group) {
    const { transit_encryption_enabled: transit, auth_token: token, user_group_ids: userGroups } = group.values;
    if (isUnresolved(transit)) return unknown('transit_encryption_enabled', 'is only known after apply');
    if (!isTrue(transit)) return fail('transit_encryption_enabled', 'is not true; set it to true');
    if (!isPresent(token) && !isPresent(userGroups)) return fail('auth_token', 'and user_group_ids are not set; clients connect without credentials');
    return pass;
  },
});
