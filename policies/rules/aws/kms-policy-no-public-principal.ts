import { pass, resourceRule } from '../../engine/rule';
import { allowsEveryone, checkPolicy } from './shared/policy-document';

export const kmsPolicyNoPublicPrincipal = resourceRule({
  id: 'PLN-AWS-009',
  title: 'KMS key policies do not allow any principal',
  severity: 'critical',
  checkov: 'CKV_AWS_33',
  resourceTypes: ['aws_kms_key'],
  rationale: 'A key policy allowing Principal "*" lets any AWS account use or manage the key, and so decrypt what it protects.',
  remediation: 'Grant the account root (arn:aws:iam::<account>:root) and named roles, or add a condition (kms:CallerAccount, kms:ViaService).',
  check: (key, { graph }) =>
    checkPolicy(key, 'policy', graph, {
      whenAbsent: pass,
      // Any condition counts: key policies narrow with kms:CallerAccount and kms:ViaService.
      offends: (statement) => statement.effect !== 'Deny' && !statement.condition && allowsEveryone(statement),
      problem: () => 'has an Allow statement for Principal "*" without a condition',
    }),
});
