import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ServiceConfigError } from '../server/errors';
import { explainConnectionFailure } from './connection-failure';
import type { Database, Queryable } from './database';
import { type CloudSqlConnectorFactory, CloudSqlStream } from './cloud-sql-stream';
import { cloudSqlConnectionOf } from './cloud-sql-url';
import { type DatabaseIamAuth, iamConnectionOf } from './database-iam-auth';
import { DatabaseUnavailableError } from './database-unavailable-error';

const INT8_OID = 20;

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** @default 10 */
  readonly maxConnections?: number;
  /**
   * How long a request waits for a connection before it fails with 503 (a server that does not answer
   * at all would otherwise hold every request until the client gives up).
   * @default 10000
   */
  readonly connectTimeoutMs?: number;
  /**
   * Log in with a short-lived IAM token instead of a password. `aws`: the URL names the user, no
   * password, and `sslmode=verify-full`. `gcp`: Google's Cloud SQL connector, with a URL without host,
   * `postgres:///<database>?user=<IAM user>&cloudSqlInstance=<project>:<region>:<instance>`.
   * @default - the password in the URL, if any
   */
  readonly iamAuth?: DatabaseIamAuth;
  /**
   * Makes the Cloud SQL connector of `iamAuth: 'gcp'`.
   * @default - Google's `Connector` from '@google-cloud/cloud-sql-connector'
   */
  readonly cloudSqlConnector?: CloudSqlConnectorFactory;
}

/** What the connection pool is doing now: connections open and idle, and checkouts waiting for one. */
export interface ConnectionPoolState {
  /** Most connections the pool opens. */
  readonly max: number;
  /** Connections open or opening; those not idle are in use by a query or a transaction. */
  readonly open: number;
  readonly idle: number;
  /** Queries and transactions waiting for a connection because every one is in use. */
  readonly waiting: number;
}

/**
 * A `pg` connection pool. A connection that cannot be opened (server down, login refused, TLS) or
 * that the server ends (a restart, a failover) fails with a DatabaseUnavailableError: a 503 to a client.
 */
export class PostgresDatabase implements Database {
  readonly description: string;
  private readonly where: string;
  private readonly pool: pg.Pool;
  private readonly iamAuth?: DatabaseIamAuth;
  /**
   * What must succeed before a connection opens, when the pool logs in with IAM: signing the AWS token,
   * or the Cloud SQL connector's certificate and instance address.
   */
  private readonly prepareLogin?: () => Promise<unknown>;
  private readonly cloudSql?: CloudSqlStream;

  constructor(options: PostgresDatabaseOptions) {
    const url = parseUrl(options.url);
    this.iamAuth = options.iamAuth;
    let connection: pg.PoolConfig;
    if (options.iamAuth === 'gcp') {
      const cloudSql = cloudSqlConnectionOf(url);
      this.where = `${cloudSql.instanceConnectionName}/${cloudSql.database}`;
      // The connector's socket is TLS already: pg must not negotiate TLS again (PGSSLMODE would ask it to).
      this.cloudSql = new CloudSqlStream(cloudSql, this.where, options.cloudSqlConnector);
      this.prepareLogin = () => this.cloudSql!.ready();
      connection = { stream: this.cloudSql.stream, user: cloudSql.user, database: cloudSql.database, ssl: false };
    } else {
      this.where = `${url.host}${url.pathname}`;
      const iamConnection = options.iamAuth === 'aws' ? this.iamConnection(url) : undefined;
      this.prepareLogin = iamConnection?.password;
      connection = iamConnection ?? { connectionString: options.url };
    }
    this.description = `PostgreSQL ${this.where}`;
    this.pool = new pg.Pool({
      ...connection,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      // Timestamps in milliseconds and row ids fit a double; strings would leak into every caller.
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    });
    // A client losing its connection must not crash the process. The pool listens on idle clients only;
    // a client checked out but not yet querying would emit an unhandled 'error' (the server restarting
    // between checkout and query). Its next query fails instead, and query() discards it.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    const client = await this.connect();
    try {
      const result = (await client.query(sql, params as unknown[])).rows as Row[];
      client.release();
      return result;
    } catch (error) {
      // As pg's own pool.query does: a client that failed a query is discarded, not reused.
      client.release(error as Error);
      throw this.explain(error);
    }
  }

  async exec(script: string): Promise<void> {
    await this.query(script);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.connect();
    const tx: Queryable = {
      query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[],
      exec: async (script) => {
        await client.query(script);
      },
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.explain(error);
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    try {
      await this.pool.end();
    } finally {
      this.cloudSql?.close();
    }
  }

  poolState(): ConnectionPoolState {
    return { max: this.pool.options.max, open: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  /**
   * Not a connection string: pg would take the URL's empty password over a password function. pg asks
   * for the password at every new connection, so each logs in with a token valid for its login.
   */
  private iamConnection(url: URL): pg.PoolConfig & { password: () => Promise<string> } {
    const { caFile, ...connection } = iamConnectionOf(url);
    // Loaded on use, so that services without IAM authentication start without the AWS SDK.
    const { AwsAuthToken } = require('./aws-auth-token') as typeof import('./aws-auth-token');
    const token = new AwsAuthToken(connection);
    const password = () =>
      token.get().catch((error: unknown) => {
        const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        throw new DatabaseUnavailableError('iam-token', `cannot sign an IAM login token for PostgreSQL at ${this.where} (${reason})`, { cause: error });
      });
    // An empty TLS configuration verifies the certificate and the host name, as sslmode=verify-full does.
    return { ...connection, password, ssl: caFile === undefined ? {} : { ca: readCaFile(caFile) } };
  }

  /** A refused IAM login has other causes than a wrong password: the role's grant, the IAM policy. */
  private explain(error: unknown): unknown {
    const explained = explainConnectionFailure(error, this.where);
    if (!this.iamAuth || !(explained instanceof DatabaseUnavailableError) || explained.failure !== 'login-refused') return explained;
    if (this.iamAuth === 'gcp') {
      return new DatabaseUnavailableError('cloud-sql-login-refused', `cannot log in to PostgreSQL at ${this.where} as an IAM user through Cloud SQL (${(error as Error).message})`, { cause: error });
    }
    return new DatabaseUnavailableError('iam-login-refused', `cannot log in to PostgreSQL at ${this.where} with an IAM token (${(error as Error).message})`, { cause: error });
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      // Prepared before a socket opens: pg leaves a connection whose password function failed open until
      // the server's authentication timeout. The login then reuses the token, or the connector's certificate.
      await this.prepareLogin?.();
      return await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
  }
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ServiceConfigError(`cannot read the CA file ${file} named by sslrootcert in the database URL (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    // The URL itself is not repeated: it may hold a password.
    throw new ServiceConfigError('the database URL is not a valid URL; expected postgres://user:password@host:port/database');
  }
}
