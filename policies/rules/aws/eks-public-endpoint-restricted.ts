import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { attr, asStrings, isFalse, isObject, isUnresolved } from '../../engine/values';

export const eksPublicEndpointRestricted = resourceRule({
  id: 'PLN-AWS-036',
  title: 'EKS public endpoints are not open to the whole internet',
  severity: 'high',
  checkov: 'CKV_AWS_38',
  resourceTypes: ['aws_eks_cluster'],
  rationale: 'An API endpoint open to 0.0.0.0/0 can be probed and brute-forced from anywhere.',
  remediation: 'Set vpc_config.endpoint_public_access = false, or list the networks that need access in vpc_config.public_access_cidrs.',
  check(cluster) {
    const config = attr(cluster.values, 'vpc_config');
    if (!isObject(config) && !Array.isArray(config)) return unknown('vpc_config', 'is not set');
    if (isFalse(attr(cluster.values, 'vpc_config.endpoint_public_access'))) return pass;
    const cidrs = attr(cluster.values, 'vpc_config.public_access_cidrs');
    if (isUnresolved(cidrs)) return unknown('vpc_config.public_access_cidrs', 'is only known after apply');
    const list = asStrings(cidrs) ?? [];
    // Unset means the provider default, 0.0.0.0/0.
    if (list.length === 0 || list.includes('0.0.0.0/0')) return fail('vpc_config.public_access_cidrs', 'allows 0.0.0.0/0; list the networks that need access');
    return pass;
  },
});
