import { EcrRegistry } from '../../../constructs/aws/container-registry';
import { AwsEncryptionKey } from '../../../constructs/aws/encryption-key';
import { refTo, resourcesOf, synthAwsStack } from '../../support/construct-synth';

describe('EcrRegistry', () => {
  const stack = synthAwsStack((s) => {
    const key = new AwsEncryptionKey(s, 'Key', { alias: 'k', region: 'eu-west-1' });
    new EcrRegistry(s, 'Registry', { namePrefix: 'acme-dev', services: ['tracking', 'drift'], key });
  });
  const repositories = resourcesOf(stack, 'aws_ecr_repository');

  it('creates one repository per service under the environment prefix', () => {
    expect(repositories.map((r) => r.name).sort()).toEqual(['acme-dev/drift', 'acme-dev/tracking']);
  });

  it('makes tags immutable, scans every push and encrypts with the platform key', () => {
    for (const repository of repositories) {
      expect(repository.image_tag_mutability).toBe('IMMUTABLE');
      expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
      expect(repository.encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: refTo(stack, 'aws_kms_key', 'arn') }]);
      expect(repository.force_delete).toBe(false);
    }
  });

  it('expires untagged images', () => {
    const policies = resourcesOf(stack, 'aws_ecr_lifecycle_policy').map((p) => JSON.parse(p.policy));
    expect(policies).toHaveLength(2);
    expect(policies[0].rules[0]).toMatchObject({ selection: { tagStatus: 'untagged', countNumber: 14 }, action: { type: 'expire' } });
  });
});
