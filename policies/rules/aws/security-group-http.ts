import { unrestrictedIngressRule } from './shared/security-groups';

export const securityGroupHttp = unrestrictedIngressRule({
  id: 'PLN-AWS-029',
  port: 80,
  service: 'HTTP',
  severity: 'medium',
  checkov: 'CKV_AWS_260',
  rationale: 'Plain HTTP from the internet sends credentials and predictions unencrypted; public endpoints belong behind a load balancer with TLS.',
});
