import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { explainStartupFailure } from '../../../../services/kit/cli/startup-failure';
import { PostgresDatabase } from '../../../../services/kit/database/postgres-database';
import { runPlinth, type PlinthRun } from '../../../support/plinth-cli';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { requireTools } from '../../../support/tools';
import { type StandInCloudSqlConnector, standInCloudSqlConnector } from './stand-in-cloud-sql-connector';

const INSTANCE = 'my-project:europe-west1:plinth';
const USER = 'plinth-tracking@my-project.iam';
const URL_OF = (database: string, user = USER) => `postgres:///${database}?user=${user}&cloudSqlInstance=${INSTANCE}`;

/** Google's own classes, from the connector's own dependencies: what its errors really are. */
const CONNECTOR_DIR = path.dirname(require.resolve('@google-cloud/cloud-sql-connector'));
const { CloudSQLConnectorError } = require(path.join(CONNECTOR_DIR, 'errors.js')) as { CloudSQLConnectorError: new (options: { code: string; message: string }) => Error };
const { GaxiosError } = require(require.resolve('gaxios', { paths: [CONNECTOR_DIR] })) as { GaxiosError: new (message: string, config: object, response: object) => Error };
const GOOGLE_AUTH_DIR = path.dirname(require.resolve('google-auth-library', { paths: [CONNECTOR_DIR] }));
const { GoogleAuthExceptionMessages } = require(path.join(GOOGLE_AUTH_DIR, 'auth', 'googleauth.js')) as { GoogleAuthExceptionMessages: { NO_ADC_FOUND: string } };

/** Counts the loads of Google's connector in this process (the CLI runs below are processes of their own). */
let mockConnectorLoads = 0;
jest.mock('@google-cloud/cloud-sql-connector', () => {
  mockConnectorLoads += 1;
  return jest.requireActual('@google-cloud/cloud-sql-connector');
});

/** An HTTP error of the Cloud SQL Admin API, as googleapis throws it through gaxios. */
function adminApiError(status: number, message: string): Error {
  return new GaxiosError(message, { url: new URL(`https://sqladmin.googleapis.com/sql/v1beta4/projects/my-project/instances/plinth/connectSettings`) }, {
    status,
    statusText: message,
    headers: new Headers(),
    config: {},
    data: { error: { code: status, message } },
  });
}

function expectOneLine(run: PlinthRun, code: number, line: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringMatching(line) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

/** A pod without Google credentials: no key file, no gcloud login, no metadata server to ask. */
const NO_GOOGLE = { GOOGLE_APPLICATION_CREDENTIALS: '', CLOUDSDK_CONFIG: '/nonexistent/plinth-test', METADATA_SERVER_DETECTION: 'none' };

/** The URL of `plinth <service> serve`, with each service's other required flags. */
const SERVE: readonly [string, string[]][] = [
  ['tracking', ['--artifacts', 's3://unused-bucket']],
  ['drift', []],
  ['gates', ['--tracking-url', 'http://127.0.0.1:9', '--repository', path.join(tmpdir(), 'plinth-unused-repository')]],
];

describe('--database-iam-auth gcp on the serve commands', () => {
  it("only the gcp path loads Google's connector: AWS and password logins never do", async () => {
    for (const options of [{ url: 'postgres://plinth_tracking@db.example.com/tracking?sslmode=verify-full', iamAuth: 'aws' as const }, { url: 'postgres://u:p@db.example.com/tracking' }]) {
      await new PostgresDatabase(options).close();
    }
    expect(mockConnectorLoads).toBe(0);
    await new PostgresDatabase({ url: URL_OF('tracking'), iamAuth: 'gcp' }).close();
    expect(mockConnectorLoads).toBe(1);
  });

  it.each(SERVE)('plinth %s serve takes gcp, and refuses a URL with a host: exit 2, one line, before anything is fetched', async (service, flags) => {
    const run = await runPlinth([service, 'serve', '--port', '0', ...flags, '--database-url', `postgres://10.0.0.5/${service}?user=${USER}&cloudSqlInstance=${INSTANCE}`, '--database-iam-auth', 'gcp'], { env: NO_GOOGLE });
    expectOneLine(
      run,
      EXIT_BAD_INPUT,
      new RegExp(`^plinth ${service} serve: the database URL cannot be used with Cloud SQL IAM authentication \\(--database-iam-auth gcp\\): it names a host \\(10\\.0\\.0\\.5\\): .+; for example postgres:///tracking\\?user=.+\\n$`),
    );
  });

  it('an unknown cloud: exit 2, both choices listed', async () => {
    const run = await runPlinth(['drift', 'serve', '--database-iam-auth', 'azure']);
    expect(run.code).toBe(EXIT_BAD_INPUT);
    expect(run.stderr).toMatch(/argument 'azure' is invalid\. Allowed choices are aws, gcp\./);
  });

  it('the help says what the gcp URL looks like', async () => {
    const run = await runPlinth(['drift', 'serve', '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('gcp, Google\'s Cloud SQL connector over the private IP (postgres:///<db>?user=<service account email without .gserviceaccount.com>&cloudSqlInstance=<project>:<region>:<instance>)');
  });

  it('the embedded store: exit 2, IAM authentication needs a PostgreSQL server', async () => {
    const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', 'memory:', '--database-iam-auth', 'gcp']);
    expectOneLine(run, EXIT_BAD_INPUT, /^plinth drift serve: IAM authentication \(--database-iam-auth\) needs a PostgreSQL server: pass --database-url postgres:\/\/…\n$/);
  });

  describe("Google's real connector, which cannot reach Google here", () => {
    it('no Google credentials: exit 3, one line, what to give the pod', async () => {
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', URL_OF('drift'), '--database-iam-auth', 'gcp'], { env: NO_GOOGLE });
      expectOneLine(
        run,
        EXIT_UNAVAILABLE,
        new RegExp(
          `^plinth drift serve: cannot prepare an IAM login to PostgreSQL at ${INSTANCE}/drift with Google's Cloud SQL connector \\(no Google credentials: Could not load the default credentials\\..*\\): give the process Google credentials \\(in a cluster: Workload Identity, .+\\)\\n$`,
        ),
      );
    });

    it("the same from the drift image's entry point (node /app/drift.cjs drift serve …): the bundle carries the connector", async () => {
      const out = mkdtempSync(path.join(tmpdir(), 'plinth-bundle-drift-gcp-'));
      try {
        await promisify(execFile)(path.join(__dirname, '..', '..', '..', '..', 'services', 'kit', 'bundle.sh'), ['drift', out]);
        const args = ['drift', 'serve', '--port', '0', '--database-url', URL_OF('drift'), '--database-iam-auth', 'gcp'];
        const run = await promisify(execFile)(process.execPath, [path.join(out, 'drift.cjs'), ...args], { env: { ...process.env, ...NO_GOOGLE } }).then(
          () => ({ code: 0, stderr: '' }),
          (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
        );
        expect(run).toEqual({ code: EXIT_UNAVAILABLE, stderr: expect.stringMatching(/^plinth drift serve: cannot prepare an IAM login to PostgreSQL at .+ \(no Google credentials: .+\): give the process Google credentials .+\n$/) });
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it("credentials, but Google's APIs out of reach: exit 3, one line, what the pod must reach", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'plinth-cloud-sql-'));
      const keyFile = path.join(dir, 'service-account.json');
      const { privateKey } = require('node:crypto').generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
      writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'my-project', private_key_id: 'test', private_key: privateKey, client_email: 'plinth-drift@my-project.iam.gserviceaccount.com', client_id: '1' }));
      // A proxy that refuses connections stands for a network without a route to Google, here and in CI alike.
      const refused = { HTTPS_PROXY: 'http://127.0.0.1:9', https_proxy: 'http://127.0.0.1:9', NO_PROXY: '', no_proxy: '' };
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', URL_OF('drift'), '--database-iam-auth', 'gcp'], { env: { ...NO_GOOGLE, ...refused, GOOGLE_APPLICATION_CREDENTIALS: keyFile } });
      expectOneLine(
        run,
        EXIT_UNAVAILABLE,
        /^plinth drift serve: cannot prepare an IAM login to PostgreSQL at my-project:europe-west1:plinth\/drift with Google's Cloud SQL connector \(Google's APIs cannot be reached: ECONNREFUSED: .+\): the pod must reach sqladmin\.googleapis\.com and Google's token endpoints \(Private Google Access on the subnet, egress rules\)\n$/,
      );
      expect(run.stderr).not.toContain('PRIVATE KEY');
    });
  });
});

const tools = requireTools(POSTGRES_TOOLS);
(tools.available ? describe : describe.skip)("the pool over Cloud SQL IAM authentication, with a stand-in for Google's connector: no Cloud SQL here", () => {
  let cluster: PostgresCluster;
  let server: { host: string; port: number };
  beforeAll(async () => {
    cluster = await startPostgres();
    const url = new URL(cluster.url);
    server = { host: url.hostname, port: Number(url.port) };
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      // What Cloud SQL makes of a CLOUD_IAM_SERVICE_ACCOUNT user, and what the bootstrap gives it.
      await admin.query(`CREATE ROLE "${USER}" LOGIN`);
      await admin.query(`CREATE DATABASE tracking OWNER "${USER}"`);
    } finally {
      await admin.end();
    }
  }, 60_000);
  afterAll(() => cluster?.stop());

  const standIn = (failures: readonly Error[] = []) => standInCloudSqlConnector(server, failures);

  it("logs in as the IAM user in the URL, over the connector's sockets, asking once for a private-IP IAM connection", async () => {
    const connector = standIn();
    const db = new PostgresDatabase({ url: URL_OF('tracking'), iamAuth: 'gcp', cloudSqlConnector: connector.factory });
    try {
      expect(db.description).toBe(`PostgreSQL ${INSTANCE}/tracking`);
      expect(await db.query('SELECT current_user AS "user", current_database() AS database')).toEqual([{ user: USER, database: 'tracking' }]);
      // Three connections at once: the pool opens one socket each, the connector's options fetched once.
      await Promise.all([1, 2, 3].map(() => db.transaction((tx) => tx.query('SELECT pg_sleep(0.05)'))));
      expect(connector.asked).toEqual([{ instanceConnectionName: INSTANCE, ipType: 'PRIVATE', authType: 'IAM' }]);
      expect(connector.counts).toEqual({ sockets: 3, closed: 0 });
    } finally {
      await db.close();
    }
    expect(connector.counts.closed).toBe(1);
  });

  it('a failed fetch is not kept: the next connection asks again and gets in', async () => {
    const connector = standIn([adminApiError(403, 'The client is not authorized to make this request.')]);
    const db = new PostgresDatabase({ url: URL_OF('tracking'), iamAuth: 'gcp', cloudSqlConnector: connector.factory });
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({ failure: 'cloud-sql-permission' });
      expect(await db.query('SELECT current_user AS "user"')).toEqual([{ user: USER }]);
      expect(connector.asked).toHaveLength(2);
    } finally {
      await db.close();
    }
  });

  /** The line and exit code `plinth drift serve` ends with when its first query fails so. */
  async function startupFailureOf(database: string, connector: StandInCloudSqlConnector, user = USER): Promise<UserFacingError> {
    const db = new PostgresDatabase({ url: URL_OF(database, user), iamAuth: 'gcp', cloudSqlConnector: connector.factory });
    try {
      const error = await db.query('SELECT 1').then(
        () => undefined,
        (failure: unknown) => failure,
      );
      const explained = explainStartupFailure(error, 'plinth drift serve', { port: 8090, host: '0.0.0.0' });
      expect(explained).toBeInstanceOf(UserFacingError);
      return explained as UserFacingError;
    } finally {
      await db.close();
    }
  }

  it('an IAM user the instance does not have: exit 3, the user, its grant and the binding to check', async () => {
    const failure = await startupFailureOf('tracking', standIn(), 'plinth-gates@my-project.iam');
    expect(failure.exitCode).toBe(EXIT_UNAVAILABLE);
    expect(failure.message).toBe(
      `plinth drift serve: cannot log in to PostgreSQL at ${INSTANCE}/tracking as an IAM user through Cloud SQL (role "plinth-gates@my-project.iam" does not exist): ` +
        "the IAM user in --database-url must exist on the instance (a CLOUD_IAM_SERVICE_ACCOUNT user, the service account's email without .gserviceaccount.com), the service account needs roles/cloudsql.instanceUser, and the user needs CONNECT on the database (plinth database bootstrap)",
    );
  });

  it.each([
    [
      'no Google credentials',
      () => new Error(GoogleAuthExceptionMessages.NO_ADC_FOUND),
      /\(no Google credentials: Could not load the default credentials\. .+\): give the process Google credentials \(in a cluster: Workload Identity, the pod's Kubernetes service account bound to a Google service account that has roles\/iam\.workloadIdentityUser for it\)$/,
    ],
    [
      'the Admin API refusing the service account',
      () => adminApiError(403, 'The client is not authorized to make this request.'),
      /\(the Cloud SQL Admin API refused access to the instance: The client is not authorized to make this request\.\): the pod's Google service account needs roles\/cloudsql\.client and roles\/cloudsql\.instanceUser on the instance's project$/,
    ],
    [
      'no such instance',
      () => adminApiError(404, 'The Cloud SQL instance does not exist.'),
      /\(the Cloud SQL Admin API has no such instance: The Cloud SQL instance does not exist\.\): check cloudSqlInstance in --database-url \(<project>:<region>:<instance>, the instance's connectionName\) and that the instance has a private IP address$/,
    ],
    [
      'an instance without a private IP',
      () => new CloudSQLConnectorError({ code: 'ENOPRIVATESQLADMINIPADDRESS', message: 'Cannot connect to instance, private Ip address not found' }),
      /\(the instance has no private IP address: Cannot connect to instance, private Ip address not found\): check cloudSqlInstance in --database-url/,
    ],
    [
      'the wrong region',
      () => new CloudSQLConnectorError({ code: 'EBADSQLADMINREGION', message: 'Provided region was mismatched. Got europe-west4, want europe-west1' }),
      /\(the region in cloudSqlInstance is not the instance's: Provided region was mismatched\. Got europe-west4, want europe-west1\): check cloudSqlInstance/,
    ],
    [
      "a revoked key at Google's token endpoint",
      () => adminApiError(400, 'invalid_grant: Invalid JWT Signature.'),
      /\(Google refused the credentials: invalid_grant: Invalid JWT Signature\.\): give the process Google credentials/,
    ],
  ])("%s: exit 3, one line naming what failed and what to check, nothing opened", async (_case, error, line) => {
    const connector = standIn([error()]);
    const failure = await startupFailureOf('tracking', connector);
    expect(failure.exitCode).toBe(EXIT_UNAVAILABLE);
    expect(failure.message).toMatch(new RegExp(`^plinth drift serve: cannot prepare an IAM login to PostgreSQL at ${INSTANCE}/tracking with Google's Cloud SQL connector `));
    expect(failure.message).toMatch(line);
    expect(failure.message).not.toContain('\n');
    expect(connector.counts).toEqual({ sockets: 0, closed: 1 });
  });

  it('an error that is none of these stays a bug (exit 1 with its stack under --verbose)', async () => {
    const failure = new PostgresDatabase({ url: URL_OF('tracking'), iamAuth: 'gcp', cloudSqlConnector: standIn([new TypeError('unexpected')]).factory });
    try {
      const error = await failure.query('SELECT 1').catch((thrown: unknown) => thrown);
      expect(explainStartupFailure(error, 'plinth drift serve', { port: 8090, host: '0.0.0.0' })).toBeInstanceOf(TypeError);
    } finally {
      await failure.close();
    }
  });
});
