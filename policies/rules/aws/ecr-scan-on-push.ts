import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const ecrScanOnPush = resourceRule({
  id: 'PLN-AWS-041',
  title: 'ECR repositories scan images on push',
  severity: 'medium',
  checkov: 'CKV_AWS_163',
  resourceTypes: ['aws_ecr_repository'],
  rationale: 'Scanning on push finds known vulnerabilities in serving and training images before they reach the cluster.',
  remediation: 'Set image_scanning_configuration { scan_on_push = true } (or enable enhanced scanning for the registry).',
  check: (repository) => expectTrue(repository.values, 'image_scanning_configuration.scan_on_push'),
});
