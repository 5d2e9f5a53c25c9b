import { fail, pass, resourceRule } from '../../engine/rule';
import { isPresent } from '../../engine/values';

export const kmsKeyPolicyDefined = resourceRule({
  id: 'PLN-AWS-010',
  title: 'KMS keys have an explicit key policy',
  severity: 'low',
  checkov: 'CKV2_AWS_64',
  resourceTypes: ['aws_kms_key'],
  rationale: 'The default key policy delegates everything to IAM in the account; an explicit policy states who may administer and use the key.',
  remediation: 'Set policy on the key, or add an aws_kms_key_policy whose key_id is this key.',
  check(key, { graph }) {
    if (isPresent(key.values.policy)) return pass;
    return graph.referrers(key, { type: 'aws_kms_key_policy' }).length > 0 ? pass : fail('policy', 'is not set and no aws_kms_key_policy refers to the key');
  },
});
