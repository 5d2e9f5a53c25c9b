import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

const CURRENT_AUTHORITIES = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

export const rdsModernCa = resourceRule({
  id: 'PLN-AWS-020',
  title: 'RDS instances use a current certificate authority',
  severity: 'medium',
  checkov: 'CKV_AWS_211',
  resourceTypes: ['aws_db_instance'],
  rationale: 'Clients verifying TLS against an expired CA (rds-ca-2019) either fail or are configured not to verify at all.',
  remediation: `Leave ca_cert_identifier unset (the current default) or set one of ${CURRENT_AUTHORITIES.join(', ')}.`,
  check: (db) =>
    expectAttribute(db.values, {
      path: 'ca_cert_identifier',
      accept: (value) => CURRENT_AUTHORITIES.includes(value as string),
      expected: `use one of ${CURRENT_AUTHORITIES.join(', ')}`,
      missing: 'pass',
    }),
});
