import { type Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { parsePort } from '../../cli/serve-command';
import type { DatabaseFailure } from '../database-unavailable-error';

interface BootstrapFlags {
  readonly adminSecret: string;
  readonly host: string;
  readonly port: number;
  readonly adminDatabase: string;
  readonly database: string;
  readonly role: string;
  readonly extension: readonly string[];
}

/** What to do about each way the administrator's connection fails, in terms of this command's flags. */
const ADVICE: Partial<Record<DatabaseFailure, string>> = {
  unreachable: 'check --host and --port, and that the server accepts connections from here',
  'login-refused': 'check that --admin-secret is the secret of this server\'s administrator',
  'no-such-database': 'name the database the server was created with in --admin-database',
  tls: "the server's certificate must verify against the trusted CAs (the image adds the RDS CA bundle with NODE_EXTRA_CA_CERTS) for --host",
};

/** PostgreSQL's SQLSTATE when the administrator lacks a privilege (CREATEROLE, CREATEDB, ADMIN on rds_iam). */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * `database bootstrap`: creates a service's IAM login role and its database with the administrator's
 * login from Secrets Manager; run as a Job before the service starts. Registered in each service's
 * container entry point and in the plinth CLI.
 */
export function registerDatabaseCommands(program: Command): void {
  program
    .command('database')
    .description('PostgreSQL set-up for Plinth services')
    .command('bootstrap')
    .description(
      "Create a service's login role (IAM tokens only: LOGIN, no password, rds_iam) and its database (owned by the role, no CONNECT for PUBLIC) and the --extension extensions in it if missing; " +
        'prints what it changed, and changes nothing when run again. Connects over verified TLS with the administrator login from --admin-secret.',
    )
    .requiredOption('--admin-secret <id>', "ARN or name of the Secrets Manager secret with the administrator's login (JSON username and password; RDS manage_master_user_password)")
    .requiredOption('--host <host>', "the database server's endpoint")
    .addOption(new Option('--port <port>', "the database server's port").default(5432).argParser(parsePort))
    .option('--admin-database <name>', 'database the administrator connects to', 'postgres')
    .requiredOption('--database <name>', "the service's database", parseIdentifier)
    .requiredOption('--role <name>', 'the role the service logs in as', parseIdentifier)
    .option('--extension <name>', "an extension to create in the service's database if missing (repeat for several), e.g. vector for pgvector", collectIdentifier, [])
    .action((flags: BootstrapFlags) => bootstrap(flags));
}

async function bootstrap(flags: BootstrapFlags): Promise<void> {
  // Loaded here, so that every other command starts without pg and the AWS SDK.
  const pg = require('pg') as typeof import('pg');
  const { readAdminLogin } = require('./admin-secret') as typeof import('./admin-secret');
  const { bootstrapDatabase, NoRdsIamRoleError } = require('./bootstrap-database') as typeof import('./bootstrap-database');
  const { enableExtensions, MissingExtensionError } = require('./database-extensions') as typeof import('./database-extensions');
  const { explainConnectionFailure } = require('../connection-failure') as typeof import('../connection-failure');
  const { DatabaseUnavailableError } = require('../database-unavailable-error') as typeof import('../database-unavailable-error');

  const admin = await readAdminLogin(flags.adminSecret);
  const clients: import('pg').Client[] = [];
  const connect = async (database: string) => {
    // `ssl: {}` verifies the certificate and the host name: the administrator's password only goes to the server.
    const client = new pg.Client({ host: flags.host, port: flags.port, database, user: admin.username, password: admin.password, ssl: {}, connectionTimeoutMillis: 10_000 });
    client.on('error', () => undefined);
    clients.push(client);
    await client.connect();
    return async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params as unknown[])).rows as Row[];
  };
  let where = `${flags.host}:${flags.port}/${flags.adminDatabase}`;
  let needs = 'CREATEROLE, CREATEDB and rds_iam';
  try {
    const changes = await bootstrapDatabase(await connect(flags.adminDatabase), flags);
    if (flags.extension.length > 0) {
      // Extensions live in a database: created there, by the administrator (RDS's rds_superuser may create pgvector).
      where = `${flags.host}:${flags.port}/${flags.database}`;
      needs = 'the right to create extensions (rds_superuser)';
      changes.push(...(await enableExtensions(await connect(flags.database), flags.database, flags.extension)));
    }
    const withExtensions = flags.extension.length > 0 ? `, with extension${flags.extension.length > 1 ? 's' : ''} ${flags.extension.join(', ')}` : '';
    const done = changes.length > 0 ? changes.join(', ') : `nothing to change: ${flags.role} logs in with IAM tokens and owns ${flags.database}${withExtensions}, which PUBLIC cannot connect to`;
    process.stdout.write(`database bootstrap: ${flags.host}:${flags.port}: ${done}\n`);
  } catch (error) {
    if (error instanceof MissingExtensionError) throw new UserFacingError(`database bootstrap: ${where}: ${error.message}`, EXIT_UNAVAILABLE);
    if (error instanceof NoRdsIamRoleError) throw new UserFacingError(`database bootstrap: ${where}: ${error.message}: is --host an RDS endpoint?`, EXIT_UNAVAILABLE);
    if ((error as { code?: unknown }).code === INSUFFICIENT_PRIVILEGE) {
      throw new UserFacingError(`database bootstrap: ${where}: ${(error as Error).message}: the administrator needs ${needs} (RDS's master user has them)`, EXIT_UNAVAILABLE, { cause: error });
    }
    const explained = explainConnectionFailure(error, where);
    if (explained instanceof DatabaseUnavailableError) throw new UserFacingError(`database bootstrap: ${explained.message}: ${ADVICE[explained.failure] ?? 'check the server'}`, EXIT_UNAVAILABLE, { cause: error });
    throw error;
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

/** Each `--extension` adds one name to the list. */
function collectIdentifier(value: string, previous: readonly string[]): string[] {
  const name = parseIdentifier(value);
  return previous.includes(name) ? [...previous] : [...previous, name];
}

/** Plain lower-case names: what PostgreSQL folds unquoted names to, so that `psql` users type them as they are. */
function parseIdentifier(value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new InvalidArgumentError('expected a PostgreSQL name: lower-case letters, digits and _, starting with a letter or _, at most 63 characters');
  return value;
}
