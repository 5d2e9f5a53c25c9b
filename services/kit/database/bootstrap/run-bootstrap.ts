import pg from 'pg';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { explainConnectionFailure } from '../connection-failure';
import { DatabaseUnavailableError } from '../database-unavailable-error';
import type { AdminServer } from './admin-server';
import { bootstrapDatabase, NoCloudSqlIamUserError, NoRdsIamRoleError } from './bootstrap-database';
import { enableExtensions, MissingExtensionError } from './database-extensions';

/** What the command creates: the service's role and database, the extensions in it, and where the administrator connects first. */
export interface BootstrapRequest {
  readonly adminDatabase: string;
  readonly database: string;
  readonly role: string;
  readonly extension: readonly string[];
}

/** PostgreSQL's SQLSTATE when the administrator lacks a privilege (CREATEROLE, CREATEDB, ADMIN on rds_iam). */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Brings `server` to what the service needs as its administrator and returns the one line the command prints:
 * what changed, or that nothing had to. Every failure is a UserFacingError of one line naming the server and
 * what to fix; the connections are closed either way.
 */
export async function runBootstrap(request: BootstrapRequest, server: AdminServer): Promise<string> {
  const clients: pg.Client[] = [];
  const connect = async (database: string) => {
    const client = new pg.Client({ ...(await server.connection(database)), connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    return async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[];
  };
  let where = `${server.where}/${request.adminDatabase}`;
  let needs = server.privileges.role;
  try {
    const changes = await bootstrapDatabase(await connect(request.adminDatabase), { role: request.role, database: request.database, cloud: server.cloud });
    if (request.extension.length > 0) {
      // Extensions live in a database: created there, by the administrator (RDS's rds_superuser may create pgvector).
      where = `${server.where}/${request.database}`;
      needs = 'the right to create extensions (rds_superuser, cloudsqlsuperuser)';
      changes.push(...(await enableExtensions(await connect(request.database), request.database, request.extension)));
    }
    const withExtensions = request.extension.length > 0 ? `, with extension${request.extension.length > 1 ? 's' : ''} ${request.extension.join(', ')}` : '';
    const done = changes.length > 0 ? changes.join(', ') : `nothing to change: ${request.role} logs in with IAM tokens and owns ${request.database}${withExtensions}, which PUBLIC cannot connect to`;
    return `database bootstrap: ${server.where}: ${done}`;
  } catch (error) {
    if (error instanceof MissingExtensionError || error instanceof NoCloudSqlIamUserError) throw new UserFacingError(`database bootstrap: ${where}: ${error.message}`, EXIT_UNAVAILABLE);
    if (error instanceof NoRdsIamRoleError) throw new UserFacingError(`database bootstrap: ${where}: ${error.message}: is --host an RDS endpoint?`, EXIT_UNAVAILABLE);
    if ((error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE) {
      throw new UserFacingError(`database bootstrap: ${where}: ${(error as Error).message}: the administrator needs ${needs} (${server.privileges.holder})`, EXIT_UNAVAILABLE, { cause: error });
    }
    const explained = error instanceof DatabaseUnavailableError ? error : explainConnectionFailure(error, where);
    if (explained instanceof DatabaseUnavailableError) throw new UserFacingError(`database bootstrap: ${explained.message}: ${server.advice[explained.failure] ?? 'check the server'}`, EXIT_UNAVAILABLE, { cause: error });
    throw error;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    server.close();
  }
}
