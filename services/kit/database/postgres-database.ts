import pg from 'pg';
import { ServiceConfigError } from '../server/errors';
import { explainConnectionFailure } from './connection-failure';
import type { Database, Queryable } from './database';

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
}

/**
 * A `pg` connection pool. A connection that cannot be opened (server down, login refused, TLS) or
 * that the server ends (a restart, a failover) fails with a DatabaseUnavailableError: a 503 to a client.
 */
export class PostgresDatabase implements Database {
  readonly description: string;
  private readonly where: string;
  private readonly pool: pg.Pool;

  constructor(options: PostgresDatabaseOptions) {
    this.where = hostAndDatabase(options.url);
    this.description = `PostgreSQL ${this.where}`;
    this.pool = new pg.Pool({
      connectionString: options.url,
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
      throw explainConnectionFailure(error, this.where);
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
      throw explainConnectionFailure(error, this.where);
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw explainConnectionFailure(error, this.where);
    }
  }
}

/** `host:port/database` of a PostgreSQL URL: where the data is, without the credentials. */
function hostAndDatabase(url: string): string {
  try {
    const { host, pathname } = new URL(url);
    return `${host}${pathname}`;
  } catch {
    // The URL itself is not repeated: it may hold a password.
    throw new ServiceConfigError('the database URL is not a valid URL; expected postgres://user:password@host:port/database');
  }
}
