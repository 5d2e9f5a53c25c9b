import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { EXIT_UNAVAILABLE } from '../../core/exit-codes';
import { POSTGRES_TOOLS, type PostgresCluster, startPostgres } from '../support/postgres-cluster';
import { runPlinth, type PlinthRun } from '../support/plinth-cli';
import { requireTools } from '../support/tools';
import { startTracking, type TrackingHarness } from './tracking/support/tracking-harness';

const RIGHT_PASSWORD = 'right-horse-battery';
const WRONG_PASSWORD = 'wrong-staple-do-not-print';

function expectOneLine(run: PlinthRun, line: RegExp): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: EXIT_UNAVAILABLE, stderr: expect.stringMatching(line) });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout + run.stderr).not.toContain(WRONG_PASSWORD);
  expect(run.stdout + run.stderr).not.toContain(RIGHT_PASSWORD);
}

/**
 * Turns the throwaway cluster's trust login over TCP into password (SCRAM) login, as a real server
 * has it; the local socket stays trusted so that the cluster can still be stopped.
 */
async function requirePasswords(cluster: PostgresCluster): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query(`ALTER USER postgres PASSWORD '${RIGHT_PASSWORD}'`);
    const [{ hba_file: hbaFile }] = (await client.query<{ hba_file: string }>('SHOW hba_file')).rows;
    writeFileSync(hbaFile, 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n');
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
  // The postmaster rereads the file on its own time: wait until a login without the password is refused.
  for (let attempt = 0; attempt < 100; attempt++) {
    const refused = await new pg.Client({ connectionString: cluster.url }).connect().then(
      () => false,
      (error: { code?: string }) => error.code === '28P01' || /password/.test(String(error)),
    );
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the cluster still accepts logins without a password');
}

const postgres = requireTools(POSTGRES_TOOLS);
(postgres.available ? describe : describe.skip)('plinth <service> serve against a real PostgreSQL that refuses', () => {
  let cluster: PostgresCluster;
  let hostAndPort: string;
  beforeAll(async () => {
    cluster = await startPostgres();
    hostAndPort = new URL(cluster.url).host;
    await requirePasswords(cluster);
  }, 60_000);
  afterAll(() => cluster?.stop());

  const url = (password: string, database: string, query = '') => `postgres://postgres:${password}@${hostAndPort}/${database}${query}`;
  const escaped = () => hostAndPort.replace(/\./g, '\\.');

  it('a wrong password: the login was refused, the password is not printed', async () => {
    const run = await runPlinth(['tracking', 'serve', '--port', '0', '--database-url', url(WRONG_PASSWORD, 'postgres'), '--artifacts', 's3://unused-bucket']);
    expectOneLine(run, new RegExp(`^plinth tracking serve: cannot log in to PostgreSQL at ${escaped()}/postgres \\(wrong password\\): check the user and password in --database-url\\n$`));
  });

  it('a database that does not exist: says so and how to fix it', async () => {
    const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', url(RIGHT_PASSWORD, 'no_such_db')]);
    expectOneLine(run, new RegExp(`^plinth drift serve: cannot log in to PostgreSQL at ${escaped()}/no_such_db \\(no such database\\): create the database or fix its name in --database-url\\n$`));
  });

  it('TLS required by the URL, not offered by the server: a TLS failure', async () => {
    const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', url(RIGHT_PASSWORD, 'postgres', '?sslmode=verify-full')]);
    expectOneLine(run, new RegExp(`^plinth drift serve: cannot connect to PostgreSQL at ${escaped()}/postgres \\(the server does not accept TLS\\): check sslmode in --database-url and the server certificate\\n$`));
  });

  it('the right password: the service starts (the refusals above are about the environment, not the command)', async () => {
    const run = await runPlinth(['drift', 'serve', '--port', '0', '--database-url', url(RIGHT_PASSWORD, 'postgres')], { stopOnOutput: 'Server listening at' });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  });
});

(postgres.available ? describe : describe.skip)('a PostgreSQL server that goes away while tracking serves', () => {
  let cluster: PostgresCluster;
  let tracking: TrackingHarness;
  beforeAll(async () => {
    cluster = await startPostgres();
    tracking = await startTracking({ database: await cluster.createDatabase('outage') });
    await tracking.client.createExperiment('before-the-outage');
    await cluster.stop();
  }, 120_000);
  afterAll(() => tracking?.close());

  it('answers 503 TEMPORARILY_UNAVAILABLE in MLflow’s shape, never a 500, and keeps serving', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${tracking.url}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"name":"during-${attempt}"}` });
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 503,
        body: { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'The database is unavailable: try again shortly' },
      });
    }
    expect((await fetch(`${tracking.url}/healthz`)).status).toBe(200);
  });

  it('is not ready, so Kubernetes stops sending it traffic', async () => {
    expect((await fetch(`${tracking.url}/readyz`)).status).toBe(503);
  });
});
