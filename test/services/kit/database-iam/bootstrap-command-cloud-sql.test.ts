import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { cloudSqlAdminServer } from '../../../../services/kit/database/bootstrap/cloud-sql-admin-server';
import { runBootstrap } from '../../../../services/kit/database/bootstrap/run-bootstrap';
import { readSecretManagerAdminLogin } from '../../../../services/kit/database/bootstrap/secret-manager-admin-secret';
import { runPlinth, type PlinthRun } from '../../../support/plinth-cli';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { REPO_ROOT } from '../../../support/synth';
import { requireTools } from '../../../support/tools';
import { standInCloudSqlConnector } from './stand-in-cloud-sql-connector';
import { type StandInSecretManager, startStandInSecretManager } from './stand-in-secret-manager';

const INSTANCE = 'my-project:europe-west1:acme-dev-metadata';
const SECRET = 'projects/my-project/secrets/acme-dev-metadata-admin';
const IAM_USER = 'plinth-tracking@my-project.iam';
const ADMIN_PASSWORD = 'cloud-sql-postgres-password-do-not-print';
/** A pod without Google credentials: no key file, no gcloud login, no metadata server to ask. */
const NO_GOOGLE = { GOOGLE_APPLICATION_CREDENTIALS: '', CLOUDSDK_CONFIG: '/nonexistent/plinth-test', METADATA_SERVER_DETECTION: 'none' };

function expectOneLine(run: PlinthRun, code: number, line: string | RegExp): void {
  expect({ code: run.code, stderr: run.stderr.trimEnd() }).toEqual({ code, stderr: typeof line === 'string' ? line : expect.stringMatching(line) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

const gcpBootstrap = (...args: string[]) => runPlinth(['database', 'bootstrap', '--database', 'tracking', '--role', IAM_USER, ...args], { env: NO_GOOGLE });

describe('plinth database bootstrap --cloud gcp: its flags', () => {
  it('--instance is required, and --host and --port are refused, all in one line, before anything is read', async () => {
    expectOneLine(
      await gcpBootstrap('--cloud', 'gcp', '--admin-secret', SECRET, '--host', '10.0.0.3', '--port', '5432'),
      EXIT_BAD_INPUT,
      "database bootstrap: --instance is required with --cloud gcp: the instance's connection name <project>:<region>:<instance> (gcloud sql instances describe <instance> --format='value(connectionName)'); " +
        "--host cannot be used with --cloud gcp: Google's Cloud SQL connector finds the instance's private IP and port from --instance, remove --host; " +
        "--port cannot be used with --cloud gcp: Google's Cloud SQL connector finds the instance's private IP and port from --instance, remove --port",
    );
  });

  it('an instance that is not a connection name, and a secret that is not a Secret Manager name: exit 2, what is valid', async () => {
    expectOneLine(
      await gcpBootstrap('--cloud', 'gcp', '--instance', 'acme-dev-metadata', '--admin-secret', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1'),
      EXIT_BAD_INPUT,
      'database bootstrap: --instance acme-dev-metadata is not a Cloud SQL instance connection name: expected <project>:<region>:<instance>, such as my-project:europe-west1:plinth; ' +
        "--admin-secret arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1 is not a Secret Manager secret: expected projects/<project>/secrets/<name> (the foundation's adminSecretId)",
    );
  });

  it('--cloud aws (the default) keeps its flags: --host required, no --instance, no Cloud SQL IAM user', async () => {
    expectOneLine(
      await gcpBootstrap('--admin-secret', 'rds!db-1', '--instance', INSTANCE),
      EXIT_BAD_INPUT,
      "database bootstrap: --host is required with --cloud aws: the RDS endpoint (the foundation's database.endpoint); " +
        '--instance names a Cloud SQL instance: add --cloud gcp, or remove --instance and name the RDS endpoint in --host; ' +
        `--role ${IAM_USER} is a Cloud SQL IAM user: with --cloud aws, name a lower-case role (plinth_<service>)`,
    );
  });

  it('a cloud it does not know, and a role that is neither a PostgreSQL name nor an IAM user: exit 2, what is valid first, then the usage', async () => {
    const cloud = await gcpBootstrap('--cloud', 'azure', '--admin-secret', SECRET);
    expect({ code: cloud.code, first: cloud.stderr.split('\n')[0] }).toEqual({ code: EXIT_BAD_INPUT, first: "error: option '--cloud <cloud>' argument 'azure' is invalid. Allowed choices are aws, gcp." });
    const role = await runPlinth(['database', 'bootstrap', '--cloud', 'gcp', '--instance', INSTANCE, '--admin-secret', SECRET, '--database', 'tracking', '--role', 'Tracking@Example.com'], { env: NO_GOOGLE });
    expect(role.code).toBe(EXIT_BAD_INPUT);
    expect(role.stderr.split('\n')[0]).toMatch(/option '--role <name>' argument 'Tracking@Example\.com' is invalid\. expected a PostgreSQL name: .*, or on gcp a Cloud SQL IAM user <account>@<project>\.iam$/);
  });

  it('no Google credentials: exit 3, what the Job needs, after the flags were accepted', async () => {
    expectOneLine(
      await gcpBootstrap('--cloud', 'gcp', '--instance', INSTANCE, '--admin-secret', SECRET),
      EXIT_UNAVAILABLE,
      new RegExp(
        `^database bootstrap: cannot read the secret ${SECRET} \\(no Google credentials: Could not load the default credentials.*\\): give the process Google credentials with roles/secretmanager\\.secretAccessor on the secret \\(in a cluster: the bootstrap Job's service account through Workload Identity\\)$`,
      ),
    );
  });

  it("from the drift image's entry point, as the bootstrap Job runs it: Google's auth library is in the bundle, and the same line", async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'plinth-bundle-drift-gcp-'));
    try {
      await promisify(execFile)(path.join(REPO_ROOT, 'services', 'kit', 'bundle.sh'), ['drift', out]);
      const args = ['database', 'bootstrap', '--cloud', 'gcp', '--instance', INSTANCE, '--admin-secret', SECRET, '--database', 'drift', '--role', 'plinth-drift@my-project.iam'];
      const run = await promisify(execFile)(process.execPath, [path.join(out, 'drift.cjs'), ...args], { env: { ...process.env, ...NO_GOOGLE } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(run).toEqual({ code: EXIT_UNAVAILABLE, stderr: expect.stringMatching(new RegExp(`^database bootstrap: cannot read the secret ${SECRET} \\(no Google credentials: `)) });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

const tools = requireTools(POSTGRES_TOOLS);
(tools.available ? describe : describe.skip)(
  "database bootstrap --cloud gcp, whole: the login from a stand-in for Secret Manager, a stand-in for Google's connector, a real PostgreSQL standing in for Cloud SQL",
  () => {
    let cluster: PostgresCluster;
    let superuser: pg.Client;
    let secretManager: StandInSecretManager;
    let server: URL;
    beforeAll(async () => {
      [cluster, secretManager] = await Promise.all([
        startPostgres(),
        startStandInSecretManager({
          [SECRET]: { value: JSON.stringify({ username: 'cloudsql_postgres', password: ADMIN_PASSWORD }) },
          'projects/my-project/secrets/stale-admin': { value: JSON.stringify({ username: 'cloudsql_postgres', password: 'an-old-password' }) },
        }),
      ]);
      server = new URL(cluster.url);
      superuser = new pg.Client({ connectionString: cluster.url });
      await superuser.connect();
      // Cloud SQL's postgres user: no superuser, CREATEROLE and CREATEDB (cloudsqlsuperuser), a password login.
      await superuser.query(`CREATE ROLE cloudsql_postgres LOGIN CREATEROLE CREATEDB PASSWORD '${ADMIN_PASSWORD}'`);
      // The IAM user Cloud SQL makes for the service's CLOUD_IAM_SERVICE_ACCOUNT google_sql_user.
      await superuser.query(`CREATE ROLE "${IAM_USER}" LOGIN`);
      // Passwords over the network from now on, so that only the secret's password logs the administrator in.
      const [{ hba_file: hbaFile }] = (await superuser.query<{ hba_file: string }>('SHOW hba_file')).rows;
      await superuser.query(`COPY (SELECT 'local all all trust' UNION ALL SELECT 'host all all 127.0.0.1/32 scram-sha-256') TO '${hbaFile}'`);
      await superuser.query('SELECT pg_reload_conf()');
    }, 60_000);
    afterAll(async () => {
      await superuser?.end();
      await Promise.all([cluster?.stop(), secretManager?.stop()]);
    });

    /** What the command does with --cloud gcp, its Google parts replaced by stand-ins. */
    async function bootstrap(secret: string, connectorFailures: Error[] = [], extension: string[] = []) {
      const connector = standInCloudSqlConnector({ host: server.hostname, port: Number(server.port) }, connectorFailures);
      const admin = await readSecretManagerAdminLogin(secret, INSTANCE, { auth: secretManager.auth, endpoint: secretManager.endpoint });
      const line = await runBootstrap({ adminDatabase: 'postgres', database: 'tracking', role: IAM_USER, extension }, cloudSqlAdminServer(INSTANCE, admin, connector.factory)).catch((error: unknown) => error);
      return { line, connector };
    }

    it("gives the IAM user its database through the connector with the administrator's password, PUBLIC shut out; run again, nothing changes", async () => {
      const first = await bootstrap(SECRET);
      expect(first.line).toBe(
        `database bootstrap: ${INSTANCE}: made the administrator a member of ${IAM_USER}, created database tracking owned by ${IAM_USER}, revoked CONNECT on tracking from PUBLIC`,
      );
      expect(first.connector.asked).toEqual([{ instanceConnectionName: INSTANCE, ipType: 'PRIVATE', authType: 'PASSWORD' }]);
      expect(first.connector.counts).toEqual({ sockets: 1, closed: 1 });
      const [state] = (
        await superuser.query(
          `SELECT pg_get_userbyid(datdba) AS owner, has_database_privilege('${IAM_USER}', 'tracking', 'CONNECT') AS "iamUserConnects",
                  has_database_privilege('public', 'tracking', 'CONNECT') AS "publicConnects"
             FROM pg_database WHERE datname = 'tracking'`,
        )
      ).rows;
      expect(state).toEqual({ owner: IAM_USER, iamUserConnects: true, publicConnects: false });

      const second = await bootstrap(SECRET);
      expect(second.line).toBe(`database bootstrap: ${INSTANCE}: nothing to change: ${IAM_USER} logs in with IAM tokens and owns tracking, which PUBLIC cannot connect to`);
      expect(second.connector.counts.closed).toBe(1);
    });

    it('--extension: created in the service database through the connector too, once', async () => {
      expect((await bootstrap(SECRET, [], ['pg_trgm'])).line).toBe(`database bootstrap: ${INSTANCE}: created extension pg_trgm in tracking`);
      expect((await bootstrap(SECRET, [], ['pg_trgm'])).line).toMatch(/nothing to change: .* owns tracking, with extension pg_trgm, which PUBLIC cannot connect to$/);
    });

    it('a stale password in the secret: exit 3, the login refused, what to check, no password printed', async () => {
      const { line } = await bootstrap('projects/my-project/secrets/stale-admin');
      expect(line).toBeInstanceOf(UserFacingError);
      expect((line as UserFacingError).exitCode).toBe(EXIT_UNAVAILABLE);
      expect((line as UserFacingError).message).toMatch(
        new RegExp(`^database bootstrap: cannot log in to PostgreSQL at ${INSTANCE}/postgres \\(.+\\): check that --admin-secret holds the login of this instance's postgres user \\(gcloud sql users set-password postgres\\)$`),
      );
      expect((line as UserFacingError).message).not.toContain('an-old-password');
    });

    it("the connector refused access to the instance (no roles/cloudsql.client): exit 3, naming the grant", async () => {
      const { line, connector } = await bootstrap(SECRET, [Object.assign(new Error('The client is not authorized to make this request.'), { status: 403 })]);
      expect((line as UserFacingError).exitCode).toBe(EXIT_UNAVAILABLE);
      expect((line as UserFacingError).message).toBe(
        `database bootstrap: cannot prepare a password login to PostgreSQL at ${INSTANCE} with Google's Cloud SQL connector (the Cloud SQL Admin API refused access to the instance: The client is not authorized to make this request.): ` +
          "grant the process's service account roles/cloudsql.client on the instance (the foundation's grantAdminCredentials does)",
      );
      expect(connector.counts).toEqual({ sockets: 0, closed: 1 });
    });

    it('an IAM user Cloud SQL has not made yet: exit 3, who makes it, no database created', async () => {
      const connector = standInCloudSqlConnector({ host: server.hostname, port: Number(server.port) });
      const admin = await readSecretManagerAdminLogin(SECRET, INSTANCE, { auth: secretManager.auth, endpoint: secretManager.endpoint });
      const refusal = runBootstrap({ adminDatabase: 'postgres', database: 'drift', role: 'plinth-drift@my-project.iam', extension: [] }, cloudSqlAdminServer(INSTANCE, admin, connector.factory));
      await expect(refusal).rejects.toMatchObject({ exitCode: EXIT_UNAVAILABLE, message: expect.stringMatching(new RegExp(`^database bootstrap: ${INSTANCE}/postgres: the server has no role "plinth-drift@my-project.iam": create the IAM database user first`)) });
      expect((await superuser.query("SELECT 1 FROM pg_database WHERE datname = 'drift'")).rows).toEqual([]);
    });
  },
);
