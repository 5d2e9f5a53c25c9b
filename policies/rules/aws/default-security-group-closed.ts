import { fail, pass, resourceRule } from '../../engine/rule';
import { isPresent } from '../../engine/values';

const RULE_TYPES = ['aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];

export const defaultSecurityGroupClosed = resourceRule({
  id: 'PLN-AWS-032',
  title: 'The default security group of every VPC allows no traffic',
  severity: 'medium',
  checkov: 'CKV2_AWS_12',
  resourceTypes: ['aws_vpc'],
  rationale: 'Resources launched without an explicit group land in the default one; if it allows traffic, they are reachable by accident.',
  remediation: 'Add an aws_default_security_group for the VPC with no ingress and no egress blocks, and attach no rules to it.',
  check(vpc, { graph }) {
    const defaults = graph.referrers(vpc, { type: 'aws_default_security_group', via: 'vpc_id' });
    if (defaults.length === 0) return fail('aws_default_security_group', 'is not managed for this VPC, so its allow-all rules stay');
    for (const group of defaults) {
      for (const direction of ['ingress', 'egress']) {
        if (isPresent(group.values[direction])) return fail(`${group.address}.${direction}`, 'has rules; remove them');
      }
      const attached = graph.referrers(group, { type: RULE_TYPES });
      if (attached.length > 0) return fail(`${attached[0]!.address}`, 'adds a rule to the default security group');
    }
    return pass;
  },
});
