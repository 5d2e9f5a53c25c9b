import type { AdminLogin } from './admin-login';
import type { AdminServer } from './admin-server';

/** An RDS or Aurora PostgreSQL endpoint, over TLS that verifies the certificate and the host name. */
export function rdsAdminServer(host: string, port: number, admin: AdminLogin): AdminServer {
  return {
    cloud: 'aws',
    where: `${host}:${port}`,
    // `ssl: {}` verifies the certificate and the host name: the administrator's password only goes to the server.
    connection: async (database) => ({ host, port, database, user: admin.username, password: admin.password, ssl: {} }),
    advice: {
      unreachable: 'check --host and --port, and that the server accepts connections from here',
      'login-refused': "check that --admin-secret is the secret of this server's administrator",
      'no-such-database': 'name the database the server was created with in --admin-database',
      tls: "the server's certificate must verify against the trusted CAs (the image adds the RDS CA bundle with NODE_EXTRA_CA_CERTS) for --host",
    },
    privileges: { role: 'CREATEROLE, CREATEDB and rds_iam', holder: "RDS's master user has them" },
    close: () => undefined,
  };
}
