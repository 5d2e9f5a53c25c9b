import { type Command, InvalidArgumentError, Option } from 'commander';
import { UserFacingError } from '../../../../core/exit-codes';
import { parsePort } from '../../cli/serve-command';
import { INSTANCE_CONNECTION_NAME } from '../cloud-sql-url';
import type { BootstrapRequest } from './run-bootstrap';
import { SECRET_NAME } from './secret-manager-admin-secret';

interface BootstrapFlags extends BootstrapRequest {
  readonly cloud: 'aws' | 'gcp';
  readonly adminSecret: string;
  readonly host?: string;
  readonly port: number;
  readonly instance?: string;
}

/** A Cloud SQL IAM user of a service account: its email without `.gserviceaccount.com`, as grantConnect names it. */
const CLOUD_SQL_IAM_USER = /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.:-]+\.iam$/;

/**
 * `database bootstrap`: creates a service's IAM login role and its database with the administrator's
 * login from the cloud's secret store; run as a Job before the service starts. Registered in each service's
 * container entry point and in the plinth CLI.
 */
export function registerDatabaseCommands(program: Command): void {
  program
    .command('database')
    .description('PostgreSQL set-up for Plinth services')
    .command('bootstrap')
    .description(
      "Create a service's login role (IAM tokens only: LOGIN, no password, rds_iam) and its database (owned by the role, no CONNECT for PUBLIC) and the --extension extensions in it if missing; " +
        'prints what it changed, and changes nothing when run again. Connects over verified TLS with the administrator login from --admin-secret. ' +
        "With --cloud gcp: Cloud SQL made the role (the service's IAM user), the connection goes through Google's Cloud SQL connector to --instance.",
    )
    .addOption(new Option('--cloud <cloud>', 'whose database server: aws (RDS, --host) or gcp (Cloud SQL, --instance)').choices(['aws', 'gcp']).default('aws'))
    .requiredOption(
      '--admin-secret <id>',
      "the secret with the administrator's login (JSON username and password): on aws the ARN or name of a Secrets Manager secret (RDS manage_master_user_password), on gcp a Secret Manager secret projects/<project>/secrets/<name>",
    )
    .option('--host <host>', "the database server's endpoint (aws)")
    .addOption(new Option('--port <port>', "the database server's port (aws)").default(5432).argParser(parsePort))
    .option('--instance <project:region:instance>', "the Cloud SQL instance's connection name (gcp)")
    .option('--admin-database <name>', 'database the administrator connects to', 'postgres')
    .requiredOption('--database <name>', "the service's database", parseIdentifier)
    .requiredOption('--role <name>', 'the role the service logs in as (on gcp, its IAM user: <account>@<project>.iam)', parseRole)
    .option('--extension <name>', "an extension to create in the service's database if missing (repeat for several), e.g. vector for pgvector", collectIdentifier, [])
    .action((flags: BootstrapFlags, command: Command) => bootstrap(flags, command));
}

async function bootstrap(flags: BootstrapFlags, command: Command): Promise<void> {
  const problems = flags.cloud === 'gcp' ? cloudSqlFlagProblems(flags, command) : rdsFlagProblems(flags);
  if (problems.length > 0) throw new UserFacingError(`database bootstrap: ${problems.join('; ')}`);
  // Loaded here, so that every other command starts without pg, the AWS SDK and Google's libraries.
  const { runBootstrap } = require('./run-bootstrap') as typeof import('./run-bootstrap');
  let server: import('./admin-server').AdminServer;
  if (flags.cloud === 'gcp') {
    const { readSecretManagerAdminLogin } = require('./secret-manager-admin-secret') as typeof import('./secret-manager-admin-secret');
    const { cloudSqlAdminServer } = require('./cloud-sql-admin-server') as typeof import('./cloud-sql-admin-server');
    server = cloudSqlAdminServer(flags.instance!, await readSecretManagerAdminLogin(flags.adminSecret, flags.instance!));
  } else {
    const { readAdminLogin } = require('./admin-secret') as typeof import('./admin-secret');
    const { rdsAdminServer } = require('./rds-admin-server') as typeof import('./rds-admin-server');
    server = rdsAdminServer(flags.host!, flags.port, await readAdminLogin(flags.adminSecret));
  }
  process.stdout.write(`${await runBootstrap(flags, server)}\n`);
}

function rdsFlagProblems(flags: BootstrapFlags): string[] {
  const problems: string[] = [];
  if (flags.host === undefined) problems.push("--host is required with --cloud aws: the RDS endpoint (the foundation's database.endpoint)");
  if (flags.instance !== undefined) problems.push('--instance names a Cloud SQL instance: add --cloud gcp, or remove --instance and name the RDS endpoint in --host');
  if (CLOUD_SQL_IAM_USER.test(flags.role)) problems.push(`--role ${flags.role} is a Cloud SQL IAM user: with --cloud aws, name a lower-case role (plinth_<service>)`);
  return problems;
}

function cloudSqlFlagProblems(flags: BootstrapFlags, command: Command): string[] {
  const problems: string[] = [];
  if (flags.instance === undefined) problems.push("--instance is required with --cloud gcp: the instance's connection name <project>:<region>:<instance> (gcloud sql instances describe <instance> --format='value(connectionName)')");
  else if (!INSTANCE_CONNECTION_NAME.test(flags.instance)) problems.push(`--instance ${flags.instance} is not a Cloud SQL instance connection name: expected <project>:<region>:<instance>, such as my-project:europe-west1:plinth`);
  // Google's connector finds the instance's private address and dials its port 3307 itself.
  for (const flag of ['host', 'port'] as const) {
    if (command.getOptionValueSource(flag) === 'cli') problems.push(`--${flag} cannot be used with --cloud gcp: Google's Cloud SQL connector finds the instance's private IP and port from --instance, remove --${flag}`);
  }
  if (!SECRET_NAME.test(flags.adminSecret)) problems.push(`--admin-secret ${flags.adminSecret} is not a Secret Manager secret: expected projects/<project>/secrets/<name> (the foundation's adminSecretId)`);
  return problems;
}

/** Each `--extension` adds one name to the list. */
function collectIdentifier(value: string, previous: readonly string[]): string[] {
  const name = parseIdentifier(value);
  return previous.includes(name) ? [...previous] : [...previous, name];
}

/** A plain PostgreSQL name, or a Cloud SQL IAM user (quoted in every statement: it holds `@` and `.`). */
function parseRole(value: string): string {
  if (CLOUD_SQL_IAM_USER.test(value)) {
    if (value.length > 63) throw new InvalidArgumentError(`a Cloud SQL IAM user of at most 63 characters (PostgreSQL keeps no more of a name), got ${value.length}`);
    return value;
  }
  return checkIdentifier(value, ', or on gcp a Cloud SQL IAM user <account>@<project>.iam');
}

/** Plain lower-case names: what PostgreSQL folds unquoted names to, so that `psql` users type them as they are. */
function parseIdentifier(value: string): string {
  return checkIdentifier(value, '');
}

function checkIdentifier(value: string, orElse: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new InvalidArgumentError(`expected a PostgreSQL name: lower-case letters, digits and _, starting with a letter or _, at most 63 characters${orElse}`);
  return value;
}
