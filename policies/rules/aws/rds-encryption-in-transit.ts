import type { Resource } from '../../engine/model';
import { fail, pass, resourceRule, unknown, type Verdict } from '../../engine/rule';
import { blocks, isUnresolved } from '../../engine/values';

/** Parameter-group families and the parameter that forces TLS on them. */
const FORCED_TLS = [
  { family: /^postgres|sqlserver/, parameter: 'rds.force_ssl', value: '1' },
  { family: /^(mariadb|mysql)/, parameter: 'require_secure_transport', value: '1' },
  { family: /db2-ae/, parameter: 'db2comm', value: 'SSL' },
];

export const rdsEncryptionInTransit = resourceRule({
  id: 'PLN-AWS-021',
  title: 'RDS instances require TLS from clients',
  severity: 'high',
  checkov: 'CKV2_AWS_69',
  resourceTypes: ['aws_db_instance'],
  rationale: 'Unless the server forces TLS, a misconfigured client sends credentials and model metadata in clear text across the VPC.',
  remediation: 'Attach an aws_db_parameter_group that sets rds.force_ssl = 1 (PostgreSQL, SQL Server) or require_secure_transport = 1 (MySQL, MariaDB).',
  check(db, { graph }) {
    for (const group of graph.targetsOf(db, { type: 'aws_db_parameter_group' })) {
      const verdict = groupVerdict(group);
      if (verdict.status !== 'pass') return verdict;
    }
    // No custom group: the engine defaults apply (rds.force_ssl is 1 by default from PostgreSQL 15).
    return pass;
  },
});

function groupVerdict(group: Resource): Verdict {
  const family = group.values.family;
  if (isUnresolved(family)) return unknown(`${group.address}.family`, 'is only known after apply');
  const rule = FORCED_TLS.find((candidate) => typeof family === 'string' && candidate.family.test(family));
  if (!rule) return pass;
  const setting = blocks(group.values, 'parameter').find((parameter) => parameter.name === rule.parameter);
  if (setting && String(setting.value) === rule.value) return pass;
  return fail(`${group.address}.parameter`, `does not set ${rule.parameter} = ${rule.value}`);
}
