/** Runs SQL: the same interface inside and outside a transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (a migration). */
  exec(script: string): Promise<void>;
}

/**
 * PostgreSQL, served by a real server through `pg` or embedded in the process through PGlite: the
 * same SQL runs on both. `bigint` columns come back as JavaScript numbers on both.
 */
export interface Database extends Queryable {
  /** Where the data lives, without credentials: for logs. */
  readonly description: string;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL's SQLSTATE for a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}
