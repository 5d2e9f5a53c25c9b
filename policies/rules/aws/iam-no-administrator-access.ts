import { fail, pass, resourceRule } from '../../engine/rule';
import { asStrings } from '../../engine/values';

const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const iamNoAdministratorAccess = resourceRule({
  id: 'PLN-AWS-045',
  title: 'Nothing is granted the AdministratorAccess managed policy',
  severity: 'high',
  checkov: 'CKV_AWS_274',
  resourceTypes: [
    'aws_iam_role',
    'aws_iam_policy_attachment',
    'aws_iam_role_policy_attachment',
    'aws_iam_user_policy_attachment',
    'aws_iam_group_policy_attachment',
    'aws_ssoadmin_managed_policy_attachment',
  ],
  rationale: 'AdministratorAccess on a workload role turns any compromise of that workload into a compromise of the account.',
  remediation: 'Attach a policy with the actions the role needs instead of AdministratorAccess.',
  check(resource) {
    const attribute =
      resource.type === 'aws_iam_role' ? 'managed_policy_arns' : resource.type === 'aws_ssoadmin_managed_policy_attachment' ? 'managed_policy_arn' : 'policy_arn';
    return asStrings(resource.values[attribute])?.includes(ADMINISTRATOR_ACCESS) ? fail(attribute, 'grants AdministratorAccess') : pass;
  },
});
