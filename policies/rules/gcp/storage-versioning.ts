import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const storageVersioning = resourceRule({
  id: 'PLN-GCP-003',
  title: 'Cloud Storage buckets keep object versions',
  severity: 'medium',
  checkov: 'CKV_GCP_78',
  resourceTypes: ['google_storage_bucket'],
  rationale: 'Versioning turns an overwrite or a delete into something you can undo.',
  remediation: 'Set versioning { enabled = true } and a lifecycle rule deleting old noncurrent versions.',
  check: (bucket) => expectTrue(bucket.values, 'versioning.enabled'),
});
