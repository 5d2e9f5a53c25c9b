import { resourceRule } from '../../engine/rule';
import { postgresFlagVerdict } from './shared/sql';

export const sqlPostgresIamAuthentication = resourceRule({
  id: 'PLN-GCP-025',
  title: 'Cloud SQL PostgreSQL accepts IAM database authentication',
  severity: 'medium',
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'With IAM database authentication services log in with short-lived tokens of their own service accounts, so no database password has to be stored, shared or rotated.',
  remediation: 'Add settings.database_flags { name = "cloudsql.iam_authentication", value = "on" } and create the service accounts as CLOUD_IAM_SERVICE_ACCOUNT users.',
  check: (instance) => postgresFlagVerdict(instance, 'cloudsql.iam_authentication', ['on']),
});
