import { pass, resourceRule } from '../../engine/rule';
import { checkPolicy } from './shared/policy-document';

export const iamNoAdminStatements = resourceRule({
  id: 'PLN-AWS-044',
  title: 'IAM policies do not allow "*" on "*"',
  severity: 'high',
  checkov: 'CKV_AWS_62',
  resourceTypes: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_ssoadmin_permission_set_inline_policy'],
  rationale: 'Action "*" on Resource "*" is full administrator access: one leaked credential owns the account.',
  remediation: 'List the actions and resources the workload needs; grant with the owning construct (bucket.grantRead) rather than by hand.',
  check: (policy, { graph }) =>
    checkPolicy(policy, policy.values.policy !== undefined ? 'policy' : 'inline_policy', graph, {
      whenAbsent: pass,
      offends: (statement) => statement.effect === 'Allow' && statement.actions.includes('*') && statement.resources.includes('*'),
      problem: () => 'has an Allow statement with Action "*" on Resource "*"',
    }),
});
