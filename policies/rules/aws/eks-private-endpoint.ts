import { resourceRule } from '../../engine/rule';
import { isFalse } from '../../engine/values';
import { expectAttribute } from '../shared/expect';

export const eksPrivateEndpoint = resourceRule({
  id: 'PLN-AWS-035',
  title: 'EKS cluster API endpoints are private',
  severity: 'medium',
  checkov: 'CKV_AWS_39',
  resourceTypes: ['aws_eks_cluster'],
  rationale: 'A public API endpoint exposes the Kubernetes API server (and its next CVE) to the internet; only IAM stands in the way.',
  remediation:
    'Set vpc_config.endpoint_public_access = false and deploy from inside the VPC; if a public endpoint is unavoidable, restrict public_access_cidrs (PLN-AWS-036).',
  check: (cluster) =>
    expectAttribute(cluster.values, {
      path: 'vpc_config.endpoint_public_access',
      accept: isFalse,
      expected: 'set it to false',
      // The provider's default is a public endpoint.
      missing: 'fail',
    }),
});
