import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { FolderUnusableError, prepareWritableFolder } from '../files/writable-folder';
import type { Database, Queryable } from './database';
import { DatabaseUnavailableError } from './database-unavailable-error';

export interface EmbeddedDatabaseOptions {
  /**
   * Directory holding the data; created with its parents if missing, readable by this user only.
   * @default - in memory, gone when the process ends
   */
  readonly dataDir?: string;
}

type Operation = 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close';

/** An error from the embedded database, with PostgreSQL's SQLSTATE in `code` as `pg` gives it. */
class EmbeddedDatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite) on a worker thread of this process: no server to run
 * for local use, and queries do not block the event loop. PGlite has one connection, so a
 * transaction holds it and other queries wait their turn.
 */
export class EmbeddedDatabase implements Database {
  readonly description: string;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(options: EmbeddedDatabaseOptions = {}) {
    if (options.dataDir) prepareDataDir(options.dataDir);
    this.description = options.dataDir ? `embedded PostgreSQL (PGlite) in ${options.dataDir}` : 'embedded PostgreSQL (PGlite) in memory';
    this.worker = new Worker(path.join(__dirname, 'embedded-database-worker.cjs'), { workerData: { dataDir: options.dataDir } });
    this.worker.on('message', ({ id, ok, result, error }: { id: number; ok: boolean; result?: unknown; error?: { message: string; code?: string } }) => {
      const call = this.pending.get(id);
      this.pending.delete(id);
      if (ok) call?.resolve(result);
      else call?.reject(new EmbeddedDatabaseError(error!.message, error!.code));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', () => this.failAll(new EmbeddedDatabaseError('the embedded database stopped')));
  }

  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.call('query', { sql, params }) as Promise<Row[]>;
  }

  async exec(script: string): Promise<void> {
    await this.call('exec', { sql: script });
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = ++this.nextId;
    await this.call('begin', { tx });
    try {
      const result = await work({
        query: <Row>(sql: string, params?: readonly unknown[]) => this.call('query', { sql, params, tx }) as Promise<Row[]>,
        exec: async (script) => {
          await this.call('exec', { sql: script, tx });
        },
      });
      await this.call('commit', { tx });
      return result;
    } catch (error) {
      await this.call('rollback', { tx }).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.call('close', {});
    await this.worker.terminate();
  }

  private call(op: Operation, fields: Record<string, unknown>): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, ...fields });
    });
  }

  private failAll(error: Error): void {
    for (const call of this.pending.values()) call.reject(error);
    this.pending.clear();
  }
}

/** PGlite creates only the last folder of the path; this creates them all, or says why it cannot. */
function prepareDataDir(dataDir: string): void {
  try {
    prepareWritableFolder(dataDir);
  } catch (error) {
    if (!(error instanceof FolderUnusableError)) throw error;
    throw new DatabaseUnavailableError('folder', `cannot use ${error.folder} for the embedded database (${error.reason})`, { cause: error });
  }
}
