import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type pg from 'pg';
import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from '../../core/exit-codes';
import { MissingExtensionError } from '../../services/kit/database/bootstrap/database-extensions';
import { MOTO_TOOL, startMoto, type Emulator } from '../support/moto';
import { runPlinth } from '../support/plinth-cli';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../support/postgres-cluster';
import { OPENSSL_TOOL, requireTlsAndPasswords, type TlsPostgres } from '../support/postgres-tls';
import { requireTools, skipOrFailInCi } from '../support/tools';

const ADMIN_PASSWORD = 'rds-managed-admin-password-do-not-print';
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'AKIAPLINTHTESTONLY00', AWS_SECRET_ACCESS_KEY: 'plinth-test-secret-key-not-real', AWS_REGION: 'eu-west-1' };

/** pgvector is a separate package: `command -v` cannot see it, its control file in the server's share directory can. */
function hasPgvector(): boolean {
  try {
    return existsSync(path.join(execFileSync('pg_config', ['--sharedir']).toString().trim(), 'extension', 'vector.control'));
  } catch {
    return false;
  }
}

const tools = requireTools([...POSTGRES_TOOLS, OPENSSL_TOOL, MOTO_TOOL]);
const pgvector = tools.available && hasPgvector();
if (tools.available && !pgvector) skipOrFailInCi('pgvector is not installed on the test PostgreSQL (apt-get install postgresql-15-pgvector, from PGDG or bookworm-backports): the vector extension test does not run');

(tools.available ? describe : describe.skip)('plinth database bootstrap --extension: a real PostgreSQL over verified TLS', () => {
  let cluster: PostgresCluster;
  let tls: TlsPostgres;
  let admin: pg.Client;
  let moto: Emulator;
  let secretArn: string;
  let port: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [cluster, moto] = await Promise.all([startPostgres(), startMoto()]);
    tls = await requireTlsAndPasswords(cluster, ADMIN_PASSWORD);
    port = tls.hostAndPort.split(':')[1]!;
    admin = await tls.admin();
    await admin.query('CREATE ROLE rds_iam NOLOGIN');
    const secrets = new SecretsManagerClient({ endpoint: moto.endpoint, region: CREDENTIALS.AWS_REGION, credentials: { accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID, secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY } });
    secretArn = (await secrets.send(new CreateSecretCommand({ Name: 'rds!db-plinth-rag', SecretString: JSON.stringify({ username: 'postgres', password: ADMIN_PASSWORD }) }))).ARN!;
    secrets.destroy();
    env = { ...CREDENTIALS, AWS_ENDPOINT_URL: moto.endpoint, NODE_EXTRA_CA_CERTS: tls.caFile };
  }, 120_000);
  afterAll(async () => {
    await admin?.end();
    await Promise.all([cluster?.stop(), moto?.stop()]);
  });

  const bootstrap = (database: string, ...extensions: string[]) =>
    runPlinth(['database', 'bootstrap', '--admin-secret', secretArn, '--host', '127.0.0.1', '--port', port, '--database', database, '--role', `plinth_${database}`, ...extensions.flatMap((e) => ['--extension', e])], { env });

  /** Extensions installed in a database, as its own connection sees them. */
  async function extensionsIn(database: string): Promise<string[]> {
    const client = await tls.admin(database);
    try {
      return (await client.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname")).rows.map((r) => r.extname);
    } finally {
      await client.end();
    }
  }

  it('creates the extension in the service database (not the admin database), then a second run changes nothing', async () => {
    const first = await bootstrap('notes', 'pg_trgm');
    expect(first).toEqual({
      code: 0,
      stdout: `database bootstrap: 127.0.0.1:${port}: created role plinth_notes, granted rds_iam to plinth_notes, created database notes owned by plinth_notes, revoked CONNECT on notes from PUBLIC, created extension pg_trgm in notes\n`,
      stderr: '',
    });
    expect(await extensionsIn('notes')).toEqual(['pg_trgm']);
    expect(await extensionsIn('postgres')).toEqual([]);

    const second = await bootstrap('notes', 'pg_trgm');
    expect(second).toEqual({
      code: 0,
      stdout: `database bootstrap: 127.0.0.1:${port}: nothing to change: plinth_notes logs in with IAM tokens and owns notes, with extension pg_trgm, which PUBLIC cannot connect to\n`,
      stderr: '',
    });
    expect(await extensionsIn('notes')).toEqual(['pg_trgm']);
  });

  (pgvector ? it : it.skip)('pgvector: the vector type and its distance operators work in the service database after the run; a second run is a no-op', async () => {
    expect((await bootstrap('rag', 'vector')).stdout).toMatch(/created extension vector in rag\n$/);
    const client = await tls.admin('rag');
    try {
      expect((await client.query("SELECT '[1,2,3]'::vector <-> '[1,2,5]'::vector AS distance")).rows).toEqual([{ distance: 2 }]);
    } finally {
      await client.end();
    }
    expect((await bootstrap('rag', 'vector')).stdout).toMatch(/nothing to change: .* with extension vector,/);
  });

  it('an extension the server lacks: exit 3, what to install, and no extension created before the check', async () => {
    const run = await bootstrap('search', 'pg_trgm', 'plinth_missing');
    expect(run.code).toBe(EXIT_UNAVAILABLE);
    expect(run.stderr).toBe(
      `database bootstrap: 127.0.0.1:${port}/search: the server has no extension "plinth_missing" to create (it is not in pg_available_extensions): install it on the server, or remove --extension plinth_missing\n`,
    );
    expect(run.stdout + run.stderr).not.toContain(ADMIN_PASSWORD);
    expect(await extensionsIn('search')).toEqual([]);
  });

  it('says where pgvector comes from when it is the one missing', () => {
    expect(new MissingExtensionError('vector').message).toBe(
      'the server has no extension "vector" to create (it is not in pg_available_extensions): pgvector ships with Amazon RDS and Aurora PostgreSQL 15.2 and later; elsewhere install it on the server (Debian and PGDG: postgresql-15-pgvector)',
    );
  });

  it('an extension name PostgreSQL would need quotes for: exit 2, what is valid', async () => {
    const run = await bootstrap('notes', 'Vector');
    expect(run.code).toBe(EXIT_BAD_INPUT);
    expect(run.stderr).toMatch(/option '--extension <name>' argument 'Vector' is invalid\. expected a PostgreSQL name/);
  });
});
