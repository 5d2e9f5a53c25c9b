import pg from 'pg';
import type { Database, Queryable } from './database';

const INT8_OID = 20;

export interface PostgresDatabaseOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /** @default 10 */
  readonly maxConnections?: number;
}

/** A `pg` connection pool. */
export class PostgresDatabase implements Database {
  readonly description: string;
  private readonly pool: pg.Pool;

  constructor(options: PostgresDatabaseOptions) {
    const url = new URL(options.url);
    this.description = `PostgreSQL ${url.host}${url.pathname}`;
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      // Timestamps in milliseconds and row ids fit a double; strings would leak into every caller.
      types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return (await this.pool.query(sql, params as unknown[])).rows as Row[];
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
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
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
