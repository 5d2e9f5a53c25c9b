import { fail, notApplicable, pass, resourceRule } from '../../engine/rule';
import { asStrings } from '../../engine/values';
import { PUBLIC_MEMBERS } from './shared/iam';

export const artifactRegistryNotPublic = resourceRule({
  id: 'PLN-GCP-019',
  title: 'Artifact Registry repositories are not public',
  severity: 'critical',
  checkov: 'CKV_GCP_101',
  resourceTypes: ['google_artifact_registry_repository_iam_member', 'google_artifact_registry_repository_iam_binding'],
  rationale: 'A public repository lets anyone pull the images, and the code and model weights baked into them.',
  remediation: 'Grant roles/artifactregistry.reader to named service accounts only.',
  check(grant) {
    const attribute = grant.type.endsWith('_member') ? 'member' : 'members';
    const members = asStrings(grant.values[attribute]);
    if (!members) return notApplicable;
    const open = members.find((member) => PUBLIC_MEMBERS.includes(member));
    return open ? fail(attribute, `includes ${open}`) : pass;
  },
});
