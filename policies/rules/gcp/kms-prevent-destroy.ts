import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const kmsPreventDestroy = resourceRule({
  id: 'PLN-GCP-005',
  title: 'Cloud KMS keys are protected from destroy',
  severity: 'low',
  checkov: 'CKV_GCP_82',
  resourceTypes: ['google_kms_crypto_key'],
  rationale: 'Destroying a key destroys every key version after 24 hours, and with them every byte encrypted under the key.',
  remediation: 'Add lifecycle { prevent_destroy = true } (in cdktf: lifecycle: { preventDestroy: true }).',
  // A meta-argument: plans do not carry it, so a plan yields "not set".
  check: (key) => expectTrue(key.meta, 'lifecycle.prevent_destroy'),
});
