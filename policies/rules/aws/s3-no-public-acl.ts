import type { Attributes } from '../../engine/model';
import { fail, pass, resourceRule, unknown, type Verdict } from '../../engine/rule';
import { blocks, isUnresolved } from '../../engine/values';
import { bucketSettings } from './shared/s3';

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'website', 'authenticated-read'];
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

export const s3NoPublicAcl = resourceRule({
  id: 'PLN-AWS-006',
  title: 'S3 bucket ACLs grant nothing to the public',
  severity: 'critical',
  checkov: 'CKV_AWS_20',
  resourceTypes: ['aws_s3_bucket'],
  rationale: 'A public-read ACL lets anyone on the internet list and download the bucket.',
  remediation: 'Remove the canned ACL (or use "private") and any grant to the AllUsers group; prefer bucket ownership controls with ACLs disabled.',
  check(bucket, { graph }) {
    const own = aclVerdict(bucket.values, 'acl', 'grant');
    if (own.status !== 'pass') return own;
    for (const setting of bucketSettings(bucket, graph, 'aws_s3_bucket_acl')) {
      const verdict = aclVerdict(setting.values, `${setting.address}.acl`, `${setting.address}.access_control_policy.grant`, 'access_control_policy.grant');
      if (verdict.status !== 'pass') return verdict;
    }
    return pass;
  },
});

function aclVerdict(values: Attributes, aclName: string, grantName: string, grantPath = 'grant'): Verdict {
  const acl = values.acl;
  if (isUnresolved(acl)) return unknown(aclName, 'is only known after apply');
  if (typeof acl === 'string' && PUBLIC_ACLS.includes(acl)) return fail(aclName, `is "${acl}"; use "private"`);
  const grants = blocks(values, grantPath);
  if (grants.some((grant) => blocks(grant, 'grantee').some((grantee) => grantee.uri === ALL_USERS) || grant.uri === ALL_USERS)) {
    return fail(grantName, 'gives access to the AllUsers group');
  }
  return pass;
}
