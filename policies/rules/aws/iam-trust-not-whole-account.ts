import { pass, resourceRule } from '../../engine/rule';
import { checkPolicy } from './shared/policy-document';

/** An account id or an account root ARN: every principal of that account. */
const WHOLE_ACCOUNT = /^(\d{12}|arn:aws:iam::\d{12}:root)/;

export const iamTrustNotWholeAccount = resourceRule({
  id: 'PLN-AWS-047',
  title: 'IAM role trust policies do not trust a whole account',
  severity: 'high',
  checkov: 'CKV_AWS_61',
  resourceTypes: ['aws_iam_role'],
  rationale: 'Trusting an account root lets every user and role of that account that has sts:AssumeRole take the role.',
  remediation: 'Trust the specific role ARNs (or a service principal) that need to assume the role, or add a condition such as aws:PrincipalArn.',
  check: (role, { graph }) =>
    checkPolicy(role, 'assume_role_policy', graph, {
      whenAbsent: pass,
      offends: (statement) => statement.effect !== 'Deny' && statement.principal !== '*' && (statement.principal?.AWS ?? []).some((arn) => WHOLE_ACCOUNT.test(arn)),
      problem: (statement) => `trusts a whole account (${statement.principal !== '*' ? (statement.principal?.AWS ?? []).join(', ') : '*'})`,
    }),
});
