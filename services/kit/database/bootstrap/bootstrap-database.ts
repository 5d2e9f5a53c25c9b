import { escapeIdentifier } from 'pg';

/** The role a service logs in as with IAM tokens, and the database it owns. */
export interface BootstrapTarget {
  readonly role: string;
  readonly database: string;
}

/** Runs one SQL statement; rows come back as objects. */
export type RunSql = <Row>(sql: string, params?: readonly unknown[]) => Promise<Row[]>;

/** The server is not an RDS or Aurora PostgreSQL with IAM authentication: there is nothing to grant. */
export class NoRdsIamRoleError extends Error {
  constructor() {
    super('the server has no rds_iam role: IAM database authentication is an Amazon RDS and Aurora PostgreSQL feature');
    this.name = 'NoRdsIamRoleError';
  }
}

/**
 * Brings the server to what a service needs, changing only what differs, and returns what it changed
 * (nothing on a second run): a role that logs in with IAM tokens only (LOGIN, no password, member of
 * rds_iam), a database it owns, which PUBLIC cannot connect to. Each step is one statement on its own
 * (CREATE DATABASE cannot run in a transaction); a run cut short is finished by the next.
 */
export async function bootstrapDatabase(sql: RunSql, target: BootstrapTarget): Promise<string[]> {
  const role = escapeIdentifier(target.role);
  const database = escapeIdentifier(target.database);
  const changes: string[] = [];
  const [rdsIam] = await sql('SELECT 1 FROM pg_roles WHERE rolname = $1', ['rds_iam']);
  if (!rdsIam) throw new NoRdsIamRoleError();

  const [existing] = await sql<{ login: boolean; iam: boolean }>("SELECT rolcanlogin AS login, pg_has_role(oid, 'rds_iam', 'MEMBER') AS iam FROM pg_roles WHERE rolname = $1", [target.role]);
  if (!existing) {
    await sql(`CREATE ROLE ${role} LOGIN`);
    changes.push(`created role ${target.role}`);
  } else if (!existing.login) {
    await sql(`ALTER ROLE ${role} LOGIN`);
    changes.push(`allowed ${target.role} to log in`);
  }
  if (!existing?.iam) {
    await sql(`GRANT rds_iam TO ${role}`);
    changes.push(`granted rds_iam to ${target.role}`);
  }

  // RDS's administrator is no superuser: giving a database to a role needs membership of that role.
  const [{ member }] = await sql<{ member: boolean }>("SELECT pg_has_role(current_user, $1, 'MEMBER') AS member", [target.role]);
  if (!member) {
    await sql(`GRANT ${role} TO CURRENT_USER`);
    changes.push(`made the administrator a member of ${target.role}`);
  }

  const [found] = await sql<{ owner: string; publicConnect: boolean }>(
    `SELECT pg_get_userbyid(datdba) AS owner,
            EXISTS (SELECT 1 FROM aclexplode(coalesce(datacl, acldefault('d', datdba))) AS acl WHERE acl.grantee = 0 AND acl.privilege_type = 'CONNECT') AS "publicConnect"
       FROM pg_database WHERE datname = $1`,
    [target.database],
  );
  if (!found) {
    await sql(`CREATE DATABASE ${database} OWNER ${role}`);
    changes.push(`created database ${target.database} owned by ${target.role}`);
  } else if (found.owner !== target.role) {
    await sql(`ALTER DATABASE ${database} OWNER TO ${role}`);
    changes.push(`gave database ${target.database} to ${target.role} (was ${found.owner})`);
  }
  // A new database lets PUBLIC connect: only its owner should.
  if (!found || found.publicConnect) {
    await sql(`REVOKE CONNECT ON DATABASE ${database} FROM PUBLIC`);
    changes.push(`revoked CONNECT on ${target.database} from PUBLIC`);
  }
  return changes;
}
