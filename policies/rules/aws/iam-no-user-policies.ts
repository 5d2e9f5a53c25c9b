import { fail, pass, resourceRule } from '../../engine/rule';
import { isPresent } from '../../engine/values';

export const iamNoUserPolicies = resourceRule({
  id: 'PLN-AWS-046',
  title: 'IAM policies are attached to roles or groups, not users',
  severity: 'low',
  checkov: 'CKV_AWS_40',
  resourceTypes: ['aws_iam_user_policy', 'aws_iam_user_policy_attachment', 'aws_iam_policy_attachment'],
  rationale: 'Permissions on individual users drift and outlive the people; roles and groups keep access reviewable.',
  remediation: 'Attach the policy to a group the user belongs to, or to a role the user assumes.',
  check(resource) {
    const attribute = resource.type === 'aws_iam_policy_attachment' ? 'users' : 'user';
    return isPresent(resource.values[attribute]) ? fail(attribute, 'attaches the policy to a user') : pass;
  },
});
