import { escapeIdentifier } from 'pg';
import type { DatabaseIamAuth } from '../database-iam-auth';

/** The role a service logs in as with IAM tokens, and the database it owns. */
export interface BootstrapTarget {
  readonly role: string;
  readonly database: string;
  /**
   * Whose IAM authentication the role uses. `aws`: the bootstrap creates the role and grants it rds_iam.
   * `gcp`: Cloud SQL created the role for the IAM user (a CLOUD_IAM_SERVICE_ACCOUNT google_sql_user), and
   * only Cloud SQL may: the bootstrap requires it and gives it the database.
   * @default 'aws'
   */
  readonly cloud?: DatabaseIamAuth;
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

/** On Cloud SQL, the service's IAM database user does not exist yet: the bootstrap cannot make one. */
export class NoCloudSqlIamUserError extends Error {
  constructor(readonly role: string) {
    super(
      `the server has no role "${role}": create the IAM database user first: the foundation's grantConnect does (a CLOUD_IAM_SERVICE_ACCOUNT user named by the service account's email without .gserviceaccount.com)`,
    );
    this.name = 'NoCloudSqlIamUserError';
  }
}

/**
 * Brings the server to what a service needs, changing only what differs, and returns what it changed
 * (nothing on a second run): a role that logs in with IAM tokens only (on AWS: LOGIN, no password,
 * member of rds_iam; on GCP: the IAM user Cloud SQL made, never created here), a database it owns, which
 * PUBLIC cannot connect to. Each step is one statement on its own (CREATE DATABASE cannot run in a
 * transaction); a run cut short is finished by the next.
 */
export async function bootstrapDatabase(sql: RunSql, target: BootstrapTarget): Promise<string[]> {
  const changes: string[] = [];
  if (target.cloud === 'gcp') {
    const [iamUser] = await sql('SELECT 1 FROM pg_roles WHERE rolname = $1', [target.role]);
    if (!iamUser) throw new NoCloudSqlIamUserError(target.role);
  } else {
    changes.push(...(await ensureRdsIamRole(sql, target.role)));
  }
  changes.push(...(await giveDatabase(sql, target)));
  return changes;
}

/** A role that logs in with RDS's IAM tokens only: LOGIN, no password, member of rds_iam. */
async function ensureRdsIamRole(sql: RunSql, name: string): Promise<string[]> {
  const role = escapeIdentifier(name);
  const changes: string[] = [];
  const [rdsIam] = await sql('SELECT 1 FROM pg_roles WHERE rolname = $1', ['rds_iam']);
  if (!rdsIam) throw new NoRdsIamRoleError();

  const [existing] = await sql<{ login: boolean; iam: boolean }>("SELECT rolcanlogin AS login, pg_has_role(oid, 'rds_iam', 'MEMBER') AS iam FROM pg_roles WHERE rolname = $1", [name]);
  if (!existing) {
    await sql(`CREATE ROLE ${role} LOGIN`);
    changes.push(`created role ${name}`);
  } else if (!existing.login) {
    await sql(`ALTER ROLE ${role} LOGIN`);
    changes.push(`allowed ${name} to log in`);
  }
  if (!existing?.iam) {
    await sql(`GRANT rds_iam TO ${role}`);
    changes.push(`granted rds_iam to ${name}`);
  }
  return changes;
}

/** The service's database, owned by its role, which PUBLIC cannot connect to. */
async function giveDatabase(sql: RunSql, target: BootstrapTarget): Promise<string[]> {
  const role = escapeIdentifier(target.role);
  const database = escapeIdentifier(target.database);
  const changes: string[] = [];
  // Neither RDS's administrator nor Cloud SQL's (cloudsqlsuperuser) is a superuser: giving a database to a
  // role needs membership of that role.
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
