import { resourceRule } from '../../engine/rule';
import { expectAttribute } from '../shared/expect';

/** Latest major versions per engine (Checkov 3.3.13's list; update with Google's releases). */
const LATEST = ['POSTGRES_18', 'MYSQL_8_0', 'MYSQL_8_4', 'SQLSERVER_2022_STANDARD', 'SQLSERVER_2022_WEB', 'SQLSERVER_2022_ENTERPRISE', 'SQLSERVER_2022_EXPRESS'];

export const sqlLatestMajorVersion = resourceRule({
  id: 'PLN-GCP-010',
  title: 'Cloud SQL runs the latest major version of its engine',
  severity: 'low',
  checkov: 'CKV_GCP_79',
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'Older majors reach end of support, then cost extra and stop receiving fixes; upgrading early is cheaper than upgrading late.',
  remediation: `Set database_version to one of ${LATEST.join(', ')}.`,
  check: (instance) =>
    expectAttribute(instance.values, { path: 'database_version', accept: (value) => LATEST.includes(value as string), expected: `use one of ${LATEST.join(', ')}`, missing: 'fail' }),
});
