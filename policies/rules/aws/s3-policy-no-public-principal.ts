import { notApplicable, resourceRule } from '../../engine/rule';
import { checkPolicy, isPublicStatement } from './shared/policy-document';

export const s3PolicyNoPublicPrincipal = resourceRule({
  id: 'PLN-AWS-007',
  title: 'S3 bucket policies do not allow any principal',
  severity: 'critical',
  checkov: 'CKV_AWS_70',
  resourceTypes: ['aws_s3_bucket', 'aws_s3_bucket_policy'],
  rationale: 'An Allow for Principal "*" without a narrowing condition is an allow for the whole internet.',
  remediation:
    'Name the principals (account or role ARNs), or add a condition that pins them down (aws:PrincipalOrgID, aws:SourceVpce, aws:PrincipalArn).',
  check: (resource, { graph }) =>
    checkPolicy(resource, 'policy', graph, {
      whenAbsent: notApplicable,
      offends: isPublicStatement,
      problem: (statement) => `allows ${statement.actions.join(', ') || 'actions'} to Principal "*" without a narrowing condition`,
    }),
});
