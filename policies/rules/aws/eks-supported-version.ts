import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

/** Versions in standard support (Checkov 3.3.13's list; update with AWS's calendar). */
const SUPPORTED_EKS_VERSIONS = ['1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35'];

export const eksSupportedVersion = resourceRule({
  id: 'PLN-AWS-038',
  title: 'EKS clusters run a supported Kubernetes version',
  severity: 'medium',
  checkov: 'CKV_AWS_339',
  resourceTypes: ['aws_eks_cluster'],
  rationale: 'Out of standard support, a cluster gets no security patches and costs six times more per hour in extended support.',
  remediation: `Set version to one of ${SUPPORTED_EKS_VERSIONS.join(', ')}.`,
  check: (cluster) =>
    expectAttribute(cluster.values, {
      path: 'version',
      accept: (value) => SUPPORTED_EKS_VERSIONS.includes(String(value)),
      expected: `use one of ${SUPPORTED_EKS_VERSIONS.join(', ')}`,
      missing: 'pass',
    }),
});
