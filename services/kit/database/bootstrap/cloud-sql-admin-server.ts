import { type CloudSqlConnectorFactory, CloudSqlStream } from '../cloud-sql-stream';
import type { AdminLogin } from './admin-login';
import type { AdminServer } from './admin-server';

/**
 * A Cloud SQL instance through Google's connector, as the services reach it (port 3307, the instance's private IP,
 * TLS with an ephemeral client certificate from the Cloud SQL Admin API), but logging in with the built-in
 * administrator's password: `authType: PASSWORD`.
 */
export function cloudSqlAdminServer(instanceConnectionName: string, admin: AdminLogin, connector?: CloudSqlConnectorFactory): AdminServer {
  const cloudSql = new CloudSqlStream({ instanceConnectionName }, instanceConnectionName, connector, 'PASSWORD');
  return {
    cloud: 'gcp',
    where: instanceConnectionName,
    connection: async (database) => {
      await cloudSql.ready();
      // The connector's socket is TLS already: pg must not negotiate TLS again.
      return { stream: cloudSql.stream, database, user: admin.username, password: admin.password, ssl: false };
    },
    advice: {
      unreachable: "check --instance, and that its private IP accepts connections from here on port 3307 (the bootstrap Job's egress allow)",
      'login-refused': "check that --admin-secret holds the login of this instance's postgres user (gcloud sql users set-password postgres)",
      'no-such-database': 'name a database of the instance in --admin-database',
      tls: "Google's connector verifies the instance with the CA the Cloud SQL Admin API returns: check --instance",
      'gcp-credentials': "give the process Google credentials (in a cluster: the bootstrap Job's service account through Workload Identity)",
      'cloud-sql-permission': "grant the process's service account roles/cloudsql.client on the instance (the foundation's grantAdminCredentials does)",
      'cloud-sql-instance': 'check --instance: <project>:<region>:<instance> of an instance with a private IP',
      'cloud-sql-admin-unreachable': "let the process out to Google's APIs on 443",
    },
    privileges: { role: 'CREATEROLE and CREATEDB', holder: "Cloud SQL's postgres user has them" },
    close: () => cloudSql.close(),
  };
}
