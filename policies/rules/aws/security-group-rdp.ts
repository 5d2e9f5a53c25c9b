import { unrestrictedIngressRule } from './shared/security-groups';

export const securityGroupRdp = unrestrictedIngressRule({
  id: 'PLN-AWS-028',
  port: 3389,
  service: 'RDP',
  severity: 'critical',
  checkov: 'CKV_AWS_25',
  rationale: 'RDP exposed to the internet is a favourite ransomware entry point.',
});
