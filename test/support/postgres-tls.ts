import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import type { PostgresCluster } from './postgres-cluster';

export const OPENSSL_TOOL = { command: 'openssl', install: 'apt-get install openssl' } as const;

/** A throwaway cluster turned into what a cloud database is: TLS with a certificate for its address, and password logins. */
export interface TlsPostgres {
  /** The certificate of the CA that signed the server's: what the RDS CA bundle is to RDS. */
  readonly caFile: string;
  /** `host:port` */
  readonly hostAndPort: string;
  /** A superuser client over verified TLS, for the test's own checks. */
  admin(database?: string): Promise<pg.Client>;
}

/**
 * Gives the cluster a certificate for 127.0.0.1 from a throwaway CA and accepts TCP logins only over
 * TLS with a password (SCRAM); the local socket stays trusted so that the cluster can still be stopped.
 * The superuser `postgres` gets `adminPassword`.
 */
export async function requireTlsAndPasswords(cluster: PostgresCluster, adminPassword: string): Promise<TlsPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plinth-pg-tls-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=plinth test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
  openssl('req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.pem'), '-days', '2', '-extfile', file('server.ext'));
  // PostgreSQL reads its key only when the server's own user owns it and no one else can read it.
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
    for (const name of ['server.pem', 'server.key']) chownSync(file(name), uid, gid);
  }
  execFileSync('chmod', ['600', file('server.key')]);
  execFileSync('chmod', ['755', dir]);

  const hostAndPort = new URL(cluster.url).host;
  const local = new pg.Client({ connectionString: cluster.url });
  await local.connect();
  try {
    await local.query(`ALTER USER postgres PASSWORD '${adminPassword}'`);
    await local.query(`ALTER SYSTEM SET ssl_cert_file = '${file('server.pem')}'`);
    await local.query(`ALTER SYSTEM SET ssl_key_file = '${file('server.key')}'`);
    await local.query('ALTER SYSTEM SET ssl = on');
    const [{ hba_file: hbaFile }] = (await local.query<{ hba_file: string }>('SHOW hba_file')).rows;
    writeFileSync(hbaFile, 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
    await local.query('SELECT pg_reload_conf()');
  } finally {
    await local.end();
  }
  const ca = readFileSync(file('ca.pem'), 'utf8');
  const admin = async (database = 'postgres') => {
    const client = new pg.Client({ host: '127.0.0.1', port: Number(new URL(cluster.url).port), user: 'postgres', password: adminPassword, database, ssl: { ca } });
    await client.connect();
    return client;
  };
  // The postmaster rereads its configuration on its own time: wait until a verified TLS login works.
  for (let attempt = 0; ; attempt++) {
    try {
      await (await admin()).end();
      break;
    } catch (error) {
      if (attempt === 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { caFile: file('ca.pem'), hostAndPort, admin };
}
