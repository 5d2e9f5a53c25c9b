import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

export const storagePublicAccessPrevention = resourceRule({
  id: 'PLN-GCP-002',
  title: 'Cloud Storage buckets enforce public access prevention',
  severity: 'high',
  checkov: 'CKV_GCP_114',
  resourceTypes: ['google_storage_bucket'],
  rationale: 'Public access prevention refuses allUsers and allAuthenticatedUsers grants, so a mistaken IAM binding cannot publish datasets or models.',
  remediation: 'Set public_access_prevention = "enforced".',
  check: (bucket) =>
    expectAttribute(bucket.values, { path: 'public_access_prevention', accept: (value) => value === 'enforced', expected: 'set it to "enforced"', missing: 'fail' }),
});
