import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const storageUniformAccess = resourceRule({
  id: 'PLN-GCP-001',
  title: 'Cloud Storage buckets use uniform bucket-level access',
  severity: 'high',
  checkov: 'CKV_GCP_29',
  resourceTypes: ['google_storage_bucket'],
  rationale: 'With per-object ACLs, one object can be made public without anyone reviewing the bucket\'s IAM; uniform access leaves IAM as the only gate.',
  remediation: 'Set uniform_bucket_level_access = true.',
  check: (bucket) => expectTrue(bucket.values, 'uniform_bucket_level_access'),
});
