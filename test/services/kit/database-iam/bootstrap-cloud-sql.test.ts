import pg from 'pg';
import { bootstrapDatabase, NoCloudSqlIamUserError, type RunSql } from '../../../../services/kit/database/bootstrap/bootstrap-database';
import { PostgresDatabase } from '../../../../services/kit/database/postgres-database';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { requireTools } from '../../../support/tools';
import { standInCloudSqlConnector } from './stand-in-cloud-sql-connector';

const IAM_USER = 'plinth-tracking@my-project.iam';
const INSTANCE = 'my-project:europe-west1:plinth';

const tools = requireTools(POSTGRES_TOOLS);
(tools.available ? describe : describe.skip)("database bootstrap on Cloud SQL (cloud: 'gcp'), on a real PostgreSQL standing in for Cloud SQL", () => {
  let cluster: PostgresCluster;
  let superuser: pg.Client;
  let admin: pg.Client;
  let sql: RunSql;
  let server: URL;
  beforeAll(async () => {
    cluster = await startPostgres();
    server = new URL(cluster.url);
    superuser = new pg.Client({ connectionString: cluster.url });
    await superuser.connect();
    // Cloud SQL's administrator is no superuser: CREATEROLE and CREATEDB, as the postgres user of an instance has them.
    await superuser.query('CREATE ROLE cloudsql_admin LOGIN CREATEROLE CREATEDB');
    // The IAM user Cloud SQL makes for a CLOUD_IAM_SERVICE_ACCOUNT google_sql_user; there is no rds_iam here.
    await superuser.query(`CREATE ROLE "${IAM_USER}" LOGIN`);
    await superuser.query('CREATE ROLE someone_else LOGIN');
    admin = new pg.Client(loginAs('cloudsql_admin', 'postgres'));
    await admin.connect();
    sql = async <Row>(text: string, params?: readonly unknown[]) => (await admin.query(text, params as unknown[])).rows as Row[];
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await superuser?.end();
    await cluster?.stop();
  });

  /** Not a connection string: pg takes its user and database over the options beside it. */
  const loginAs = (user: string, database: string): pg.ClientConfig => ({ host: server.hostname, port: Number(server.port), user, database });

  const roleNames = async () => (await superuser.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' ORDER BY rolname")).rows.map((row) => row.rolname);

  it("gives the IAM user a database of its own without creating or altering a role, PUBLIC shut out; a second run changes nothing", async () => {
    const rolesBefore = await roleNames();
    expect(await bootstrapDatabase(sql, { role: IAM_USER, database: 'tracking', cloud: 'gcp' })).toEqual([
      `made the administrator a member of ${IAM_USER}`,
      `created database tracking owned by ${IAM_USER}`,
      'revoked CONNECT on tracking from PUBLIC',
    ]);
    expect(await roleNames()).toEqual(rolesBefore);
    expect(await bootstrapDatabase(sql, { role: IAM_USER, database: 'tracking', cloud: 'gcp' })).toEqual([]);

    const other = new pg.Client(loginAs('someone_else', 'tracking'));
    await expect(other.connect()).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/^permission denied for database "?tracking"?$/) });
    await other.end().catch(() => undefined);
  });

  it("the service then logs in as the IAM user through the connector's sockets and can create its tables", async () => {
    const connector = standInCloudSqlConnector({ host: server.hostname, port: Number(server.port) });
    const db = new PostgresDatabase({ url: `postgres:///tracking?user=${IAM_USER}&cloudSqlInstance=${INSTANCE}`, iamAuth: 'gcp', cloudSqlConnector: connector.factory });
    try {
      await db.exec('CREATE TABLE runs (id bigint PRIMARY KEY)');
      expect(await db.query("SELECT current_user AS \"user\", pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'runs'")).toEqual([{ user: IAM_USER, owner: IAM_USER }]);
    } finally {
      await db.close();
    }
  });

  it('an IAM user Cloud SQL has not made: refused, naming who makes it, nothing created', async () => {
    const rolesBefore = await roleNames();
    const refusal = bootstrapDatabase(sql, { role: 'plinth-drift@my-project.iam', database: 'drift', cloud: 'gcp' });
    await expect(refusal).rejects.toBeInstanceOf(NoCloudSqlIamUserError);
    await expect(refusal).rejects.toThrow(
      `the server has no role "plinth-drift@my-project.iam": create the IAM database user first: the foundation's grantConnect does (a CLOUD_IAM_SERVICE_ACCOUNT user named by the service account's email without .gserviceaccount.com)`,
    );
    expect(await roleNames()).toEqual(rolesBefore);
    expect((await superuser.query("SELECT 1 FROM pg_database WHERE datname = 'drift'")).rows).toEqual([]);
  });
});
