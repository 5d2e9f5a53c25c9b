import { Signer } from '@aws-sdk/rds-signer';
import type pg from 'pg';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from '../../../../core/exit-codes';
import { PostgresDatabase } from '../../../../services/kit/database/postgres-database';
import { runPlinth, type PlinthRun } from '../../../support/plinth-cli';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../../../support/postgres-cluster';
import { OPENSSL_TOOL, requireTlsAndPasswords, type TlsPostgres } from '../../../support/postgres-tls';
import { requireTools } from '../../../support/tools';
import { fakeAwsEnvironment, FAKE_CREDENTIALS } from './fake-aws-environment';

const ADMIN_PASSWORD = 'admin-password-do-not-print';
const USER = 'plinth_tracking';

function expectOneLine(run: PlinthRun, code: number, line: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringMatching(line) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

/** What IRSA and AWS_REGION give a pod, with credentials that sign but open nothing. */
const POD_AWS = { AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey, AWS_REGION: FAKE_CREDENTIALS.region };

/** A pod's environment without AWS credentials: nothing in the default chain answers, and quickly. */
const NO_AWS = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_REGION: '',
  AWS_DEFAULT_REGION: '',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/plinth-test',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/plinth-test',
};

const tools = requireTools([...POSTGRES_TOOLS, OPENSSL_TOOL]);
(tools.available ? describe : describe.skip)('PostgreSQL pool with IAM database authentication (--database-iam-auth aws), on a real server', () => {
  let cluster: PostgresCluster;
  let hostAndPort: string;
  beforeAll(async () => {
    cluster = await startPostgres();
    hostAndPort = new URL(cluster.url).host;
  }, 60_000);
  afterAll(() => cluster?.stop());
  const escaped = () => hostAndPort.replace(/\./g, '\\.');

  describe('refused before any token leaves the process', () => {
    it.each([
      ['a password in the URL', `postgres://${USER}:hunter2@HOST/tracking?sslmode=verify-full`, /it has a password: IAM authentication logs in with a token instead, remove the password/],
      ['no user in the URL', 'postgres://HOST/tracking?sslmode=verify-full', /it names no user/],
      ['sslmode=disable', `postgres://${USER}@HOST/tracking?sslmode=disable`, /does not require a verified TLS connection \(sslmode=disable\): add sslmode=verify-full/],
      ['no sslmode', `postgres://${USER}@HOST/tracking`, /does not require a verified TLS connection \(sslmode=absent\)/],
      ['sslmode=no-verify', `postgres://${USER}@HOST/tracking?sslmode=no-verify`, /\(sslmode=no-verify\)/],
      ['a parameter it would ignore', `postgres://${USER}@HOST/tracking?sslmode=verify-full&sslcert=client.pem`, /it has parameters IAM authentication does not use \(sslcert\): only sslmode and sslrootcert/],
    ])('%s: exit 2, one line naming the problem, the password not printed', async (_case, url, problem) => {
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', url.replace('HOST', hostAndPort), '--database-iam-auth', 'aws']);
      expectOneLine(run, EXIT_BAD_INPUT, /^plinth drift serve: the database URL cannot be used with IAM authentication \(--database-iam-auth\): .+; for example postgres:\/\/plinth_tracking@<endpoint>:5432\/tracking\?sslmode=verify-full\n$/);
      expect(run.stderr).toMatch(problem);
      expect(run.stderr).not.toContain('hunter2');
    });

    it('the embedded store: exit 2, IAM authentication needs a PostgreSQL server', async () => {
      const run = await runPlinth(['tracking', 'serve', '--port', '0', '--database-url', 'memory:', '--artifacts', 's3://unused-bucket', '--database-iam-auth', 'aws']);
      expectOneLine(run, EXIT_BAD_INPUT, /^plinth tracking serve: IAM authentication \(--database-iam-auth\) needs a PostgreSQL server: pass --database-url postgres:\/\/…\n$/);
    });

    it('an unknown cloud: exit 2, the choices listed', async () => {
      const run = await runPlinth(['drift', 'serve', '--database-iam-auth', 'azure']);
      expect(run.code).toBe(EXIT_BAD_INPUT);
      expect(run.stderr).toMatch(/argument 'azure' is invalid\. Allowed choices are aws, gcp\./);
    });

    it('a server without TLS: exit 3, the server does not accept TLS', async () => {
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', `postgres://${USER}@${hostAndPort}/postgres?sslmode=verify-full`, '--database-iam-auth', 'aws'], { env: POD_AWS });
      expectOneLine(run, EXIT_UNAVAILABLE, new RegExp(`^plinth drift serve: cannot connect to PostgreSQL at ${escaped()}/postgres \\(the server does not accept TLS\\): check sslmode in --database-url and the server certificate\\n$`));
    });
  });

  describe('over verified TLS with SigV4 tokens', () => {
    fakeAwsEnvironment();
    let tls: TlsPostgres;
    let admin: pg.Client;
    const start = Date.parse('2026-12-01T03:00:00Z');
    beforeAll(async () => {
      tls = await requireTlsAndPasswords(cluster, ADMIN_PASSWORD);
      admin = await tls.admin();
      await admin.query(`CREATE ROLE ${USER} LOGIN`);
      await admin.query(`CREATE DATABASE tracking OWNER ${USER}`);
    }, 60_000);
    afterAll(() => admin?.end());
    afterEach(() => jest.useRealTimers());

    /** The token RDS would accept at this moment for this login, which the test makes the role's password. */
    async function acceptOnly(time: number): Promise<void> {
      jest.setSystemTime(time);
      const [host, port] = hostAndPort.split(':');
      const token = await new Signer({ hostname: host!, port: Number(port), username: USER }).getAuthToken();
      await admin.query(`ALTER ROLE ${USER} PASSWORD '${token}'`);
    }

    it('logs in with the token as its password, and a connection opened after 10 minutes logs in with a new one', async () => {
      // Only Date is fake: it is the clock of the token cache and of the SDK's signature.
      jest.useFakeTimers({ now: start, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
      await acceptOnly(start);
      const db = new PostgresDatabase({ url: `postgres://${USER}@${hostAndPort}/tracking?sslmode=verify-full&sslrootcert=${tls.caFile}`, iamAuth: 'aws' });
      try {
        expect(await db.query('SELECT current_user AS "user", ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')).toEqual([{ user: USER, ssl: true }]);

        await acceptOnly(start + 10 * 60 * 1000);
        // The first connection is held by the transaction, so the query inside it opens a second one.
        const second = await db.transaction(async (tx) => {
          const [{ pid: first }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          const [{ pid, user }] = await db.query<{ pid: number; user: string }>('SELECT pg_backend_pid() AS pid, current_user AS "user"');
          return { newConnection: pid !== first, user };
        });
        expect(second).toEqual({ newConnection: true, user: USER });
      } finally {
        await db.close();
      }
    });

    it('a token the server refuses: exit 3, what the login needs', async () => {
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', `postgres://${USER}@${hostAndPort}/tracking?sslmode=verify-full`, '--database-iam-auth', 'aws'], {
        env: { ...POD_AWS, NODE_EXTRA_CA_CERTS: tls.caFile },
      });
      expectOneLine(
        run,
        EXIT_UNAVAILABLE,
        new RegExp(`^plinth drift serve: cannot log in to PostgreSQL at ${escaped()}/tracking with an IAM token \\(.+\\): the user in --database-url needs the rds_iam role \\(plinth database bootstrap\\) and the process's IAM role rds-db:connect on it\\n$`),
      );
      expect(run.stderr).not.toContain('X-Amz-Signature');
    });

    it('no AWS credentials: exit 3, no token could be signed, and what to give the process', async () => {
      const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', `postgres://${USER}@${hostAndPort}/tracking?sslmode=verify-full`, '--database-iam-auth', 'aws'], {
        env: { ...NO_AWS, NODE_EXTRA_CA_CERTS: tls.caFile },
      });
      expectOneLine(
        run,
        EXIT_UNAVAILABLE,
        new RegExp(`^plinth drift serve: cannot sign an IAM login token for PostgreSQL at ${escaped()}/tracking \\(.+\\): give the process AWS credentials and a region \\(in a cluster: the service account's IAM role and AWS_REGION\\)\\n$`),
      );
    });
  });
});
