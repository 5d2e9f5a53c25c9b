import { pass, resourceRule } from '../../engine/rule';
import { checkPolicy, isPublicStatement } from './shared/policy-document';

export const ecrPolicyNotPublic = resourceRule({
  id: 'PLN-AWS-042',
  title: 'ECR repository policies are not public',
  severity: 'critical',
  checkov: 'CKV_AWS_32',
  resourceTypes: ['aws_ecr_repository_policy'],
  rationale: 'A public repository policy lets anyone pull the images, and the model weights and code baked into them.',
  remediation: 'Grant named accounts or roles, or add a condition such as aws:PrincipalOrgID.',
  check: (policy, { graph }) =>
    checkPolicy(policy, 'policy', graph, {
      whenAbsent: pass,
      offends: isPublicStatement,
      problem: (statement) => `allows ${statement.actions.join(', ') || 'actions'} to Principal "*"`,
    }),
});
