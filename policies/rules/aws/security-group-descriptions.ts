import { fail, pass, resourceRule } from '../../engine/rule';
import { asBlocks, isPresent } from '../../engine/values';

export const securityGroupDescriptions = resourceRule({
  id: 'PLN-AWS-031',
  title: 'Security groups and their rules have descriptions',
  severity: 'low',
  checkov: 'CKV_AWS_23',
  resourceTypes: ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  rationale: 'A rule nobody can explain is a rule nobody dares remove; descriptions keep security groups reviewable.',
  remediation: 'Set description on the group and on every ingress and egress rule.',
  check(group) {
    if (!isPresent(group.values.description)) return fail('description', 'is not set');
    if (group.type !== 'aws_security_group') return pass;
    for (const direction of ['ingress', 'egress']) {
      const index = asBlocks(group.values[direction]).findIndex((rule) => !isPresent(rule.description));
      if (index !== -1) return fail(`${direction}[${index}].description`, 'is not set');
    }
    return pass;
  },
});
