import { resourceRule } from '../../engine/rule';
import { postgresFlagVerdict } from './shared/sql';

export const sqlPostgresLogConnections = resourceRule({
  id: 'PLN-GCP-008',
  title: 'Cloud SQL PostgreSQL logs connections',
  severity: 'low',
  checkov: 'CKV_GCP_52',
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'Connection logs show who connected from where: the first thing to read after a credential leak.',
  remediation: 'Add settings.database_flags { name = "log_connections", value = "on" }.',
  check: (instance) => postgresFlagVerdict(instance, 'log_connections', ['on']),
});
