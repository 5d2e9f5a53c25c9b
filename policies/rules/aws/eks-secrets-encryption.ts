import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { asStrings, blocks, isUnresolved } from '../../engine/values';

export const eksSecretsEncryption = resourceRule({
  id: 'PLN-AWS-039',
  title: 'EKS clusters encrypt Kubernetes secrets with KMS',
  severity: 'high',
  checkov: 'CKV_AWS_58',
  resourceTypes: ['aws_eks_cluster'],
  rationale: 'Without envelope encryption, secrets sit in etcd protected only by AWS\'s disk encryption; a KMS key adds access control and audit.',
  remediation: 'Add encryption_config { resources = ["secrets"], provider { key_arn = <customer-managed key> } }.',
  check(cluster) {
    const configs = blocks(cluster.values, 'encryption_config');
    if (configs.length === 0) return fail('encryption_config', 'is not set; encrypt "secrets" with a KMS key');
    const resources = configs.map((config) => config.resources);
    if (resources.some(isUnresolved)) return unknown('encryption_config.resources', 'is only known after apply');
    return resources.some((list) => asStrings(list)?.includes('secrets')) ? pass : fail('encryption_config.resources', 'does not include "secrets"');
  },
});
