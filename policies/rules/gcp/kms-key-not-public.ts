import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { asStrings, blocks, isUnresolved } from '../../engine/values';
import { PUBLIC_MEMBERS } from './shared/iam';

export const kmsKeyNotPublic = resourceRule({
  id: 'PLN-GCP-006',
  title: 'Cloud KMS keys are not granted to allUsers or allAuthenticatedUsers',
  severity: 'critical',
  checkov: 'CKV_GCP_112',
  resourceTypes: ['google_kms_crypto_key_iam_policy', 'google_kms_crypto_key_iam_binding', 'google_kms_crypto_key_iam_member'],
  rationale: 'A public grant on a key lets anyone use it to decrypt (or destroy) what it protects.',
  remediation: 'Grant the key to named service accounts only.',
  check(grant) {
    const { member, members: memberList, policy_data: policyData } = grant.values;
    if (member === undefined && memberList === undefined && policyData === undefined) return notApplicable;
    // A member whose identity is only known after apply (a service agent's email holds the project number) is still
    // decided by its kind: `serviceAccount:…`, `user:…` and the like name one principal, never allUsers.
    if (typeof member === 'string' && isUnresolved(member) && /^(serviceAccount|user|group|domain|principal):/.test(member)) return pass;
    const attribute = grant.type.endsWith('_member') ? 'member' : grant.type.endsWith('_binding') ? 'members' : 'policy_data';
    if ([member, memberList, policyData].some(isUnresolved)) return unknown(attribute, 'is only known after apply');
    const members = [...(asStrings(member) ?? []), ...(asStrings(memberList) ?? []), ...policyMembers(policyData)];
    const open = members.find((member) => PUBLIC_MEMBERS.includes(member));
    return open ? fail(attribute, `includes ${open}`) : pass;
  },
});

/** Members of an IAM policy document (`policy_data`): JSON text or an object; text that is not JSON grants nobody. */
function policyMembers(policyData: unknown): string[] {
  let document = policyData;
  if (typeof policyData === 'string') {
    try {
      document = JSON.parse(policyData);
    } catch {
      return [];
    }
  }
  const documents = Array.isArray(document) ? document : [document];
  return documents.flatMap((item) => (typeof item === 'object' && item !== null ? blocks(item as Record<string, unknown>, 'bindings') : [])).flatMap((binding) => asStrings(binding.members) ?? []);
}
