import { resourceRule } from '../../engine/rule';
import { postgresFlagVerdict } from './shared/sql';

export const sqlPostgresLogStatements = resourceRule({
  id: 'PLN-GCP-009',
  title: 'Cloud SQL PostgreSQL logs DDL statements at least',
  severity: 'low',
  checkov: 'CKV_GCP_111',
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'Statement logs record schema changes and data modifications, for audit and for debugging migrations.',
  remediation: 'Add settings.database_flags { name = "log_statement", value = "ddl" } ("mod" or "all" log more).',
  check: (instance) => postgresFlagVerdict(instance, 'log_statement', ['ddl', 'mod', 'all']),
});
