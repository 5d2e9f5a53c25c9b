import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

export const ecrKmsEncryption = resourceRule({
  id: 'PLN-AWS-043',
  title: 'ECR repositories encrypt images with KMS',
  severity: 'low',
  checkov: 'CKV_AWS_136',
  resourceTypes: ['aws_ecr_repository'],
  rationale: 'Images carry code and often model weights; a customer-managed key puts access to them under the key policy.',
  remediation: 'Set encryption_configuration { encryption_type = "KMS", kms_key = <customer-managed key> }.',
  check: (repository) =>
    expectAttribute(repository.values, {
      path: 'encryption_configuration.encryption_type',
      accept: (value) => value === 'KMS' || value === 'KMS_DSSE',
      expected: 'set it to "KMS"',
      missing: 'fail',
    }),
});
