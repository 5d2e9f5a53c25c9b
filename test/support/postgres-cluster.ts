import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

export const POSTGRES_TOOLS = [
  { command: 'initdb', install: 'apt-get install postgresql (PostgreSQL 15 server binaries)' },
  { command: 'pg_ctl', install: 'apt-get install postgresql (PostgreSQL 15 server binaries)' },
] as const;

/** A throwaway PostgreSQL server on a free loopback port, its data in a temporary directory. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** A new empty database on this server, so that tests sharing a server do not share data. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` system user. */
function asPostgresUser(command: string, args: readonly string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

function run(command: string, args: readonly string[]): void {
  const [file, fileArgs] = asPostgresUser(command, args);
  execFileSync(file, fileArgs, { stdio: 'pipe' });
}

/** Starts a cluster (about 2 s); fsync is off because the data is thrown away. */
export async function startPostgres(): Promise<PostgresCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'plinth-pg-'));
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = path.join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
