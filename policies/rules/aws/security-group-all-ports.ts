import { unrestrictedIngressRule } from './shared/security-groups';

export const securityGroupAllPorts = unrestrictedIngressRule({
  id: 'PLN-AWS-030',
  port: 'all',
  service: 'every port',
  severity: 'critical',
  checkov: 'CKV_AWS_277',
  rationale: 'A rule allowing every port from anywhere exposes every service on the instances, including ones never meant to be reachable.',
});
