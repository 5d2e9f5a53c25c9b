import { fail, notApplicable, pass, resourceRule, unknown } from '../../engine/rule';
import { describe, isUnresolved } from '../../engine/values';

const DAY_SECONDS = 24 * 60 * 60;

export const kmsRotationPeriod = resourceRule({
  id: 'PLN-GCP-004',
  title: 'Cloud KMS keys rotate at least every 90 days',
  severity: 'medium',
  checkov: 'CKV_GCP_43',
  resourceTypes: ['google_kms_crypto_key'],
  rationale: 'Rotation limits how much data one key version protects and how long a leaked version stays useful.',
  remediation: 'Set rotation_period = "7776000s" (90 days) or shorter.',
  check(key) {
    // Asymmetric keys cannot rotate automatically.
    if (key.values.purpose === 'ASYMMETRIC_DECRYPT' || key.values.purpose === 'ASYMMETRIC_SIGN') return notApplicable;
    const period = key.values.rotation_period;
    if (isUnresolved(period)) return unknown('rotation_period', 'is only known after apply');
    const seconds = typeof period === 'string' ? Number(period.replace(/s$/, '')) : Number.NaN;
    if (seconds >= DAY_SECONDS && seconds <= 90 * DAY_SECONDS) return pass;
    return fail('rotation_period', `is ${describe(period)}; set between "86400s" and "7776000s"`);
  },
});
