import { unrestrictedIngressRule } from './shared/security-groups';

export const securityGroupSsh = unrestrictedIngressRule({
  id: 'PLN-AWS-027',
  port: 22,
  service: 'SSH',
  severity: 'critical',
  checkov: 'CKV_AWS_24',
  rationale: 'SSH open to the internet is brute-forced within minutes of creation; one weak key or unpatched daemon gives a shell in the VPC.',
});
