import { EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { type DatabaseFailure, DatabaseUnavailableError } from '../database/database-unavailable-error';
import { FolderUnusableError, prepareWritableFolder } from '../files/writable-folder';

/** What to do about each way a database fails, in terms of the serve command's flags. */
const DATABASE_ADVICE: Record<DatabaseFailure, string> = {
  unreachable: 'check --database-url and that the server is running',
  'login-refused': 'check the user and password in --database-url',
  'no-such-database': 'create the database or fix its name in --database-url',
  tls: 'check sslmode in --database-url and the server certificate',
  folder: 'choose a folder this user can write to with --database-url',
  'iam-token': 'give the process AWS credentials and a region (in a cluster: the service account\'s IAM role and AWS_REGION)',
  'iam-login-refused': 'the user in --database-url needs the rds_iam role (plinth database bootstrap) and the process\'s IAM role rds-db:connect on it',
  'gcp-credentials':
    "give the process Google credentials (in a cluster: Workload Identity, the pod's Kubernetes service account bound to a Google service account that has roles/iam.workloadIdentityUser for it)",
  'cloud-sql-permission': "the pod's Google service account needs roles/cloudsql.client and roles/cloudsql.instanceUser on the instance's project",
  'cloud-sql-instance': 'check cloudSqlInstance in --database-url (<project>:<region>:<instance>, the instance\'s connectionName) and that the instance has a private IP address',
  'cloud-sql-admin-unreachable': 'the pod must reach sqladmin.googleapis.com and Google\'s token endpoints (Private Google Access on the subnet, egress rules)',
  'cloud-sql-login-refused':
    "the IAM user in --database-url must exist on the instance (a CLOUD_IAM_SERVICE_ACCOUNT user, the service account's email without .gserviceaccount.com), the service account needs roles/cloudsql.instanceUser, and the user needs CONNECT on the database (plinth database bootstrap)",
};

/** Why a server cannot listen, in words, and what to do, by Node's error code. */
const LISTEN_FAILURES: Record<string, (port: number) => [string, string]> = {
  EADDRINUSE: (port) => ['address already in use', `stop what uses port ${port} or choose another --port`],
  EACCES: (port) => ['permission denied', port < 1024 ? 'ports below 1024 need privileges; choose another --port' : 'choose another --port'],
  EADDRNOTAVAIL: () => ['no such address on this machine', 'check --host'],
  ENOTFOUND: () => ['host not found', 'check --host'],
};

/** A folder named by a flag cannot be written. */
class FolderFlagError extends Error {
  constructor(
    readonly flag: string,
    readonly unusable: FolderUnusableError,
  ) {
    super(`${flag}: ${unusable.message}`, { cause: unusable });
    this.name = 'FolderFlagError';
  }
}

/**
 * Creates a local folder a flag names (with its parents, private to this user) before a service
 * starts, so that one that cannot be written stops the start at once, naming the flag.
 */
export function prepareFolderFlag(flag: string, folder: string): void {
  try {
    prepareWritableFolder(folder);
  } catch (error) {
    throw error instanceof FolderUnusableError ? new FolderFlagError(flag, error) : error;
  }
}

/**
 * The one line a user sees when a service cannot start because of its environment (exit code 3), or
 * the error as it is when it is a bug. Never echoes --database-url, which may hold a password.
 */
export function explainStartupFailure(error: unknown, command: string, flags: { readonly port: number; readonly host: string }): unknown {
  if (error instanceof DatabaseUnavailableError) {
    return new UserFacingError(`${command}: ${error.message}: ${DATABASE_ADVICE[error.failure]}`, EXIT_UNAVAILABLE, { cause: error });
  }
  if (error instanceof FolderFlagError) {
    return new UserFacingError(`${command}: ${error.unusable.message}: choose a folder this user can write to with ${error.flag}`, EXIT_UNAVAILABLE, { cause: error.unusable });
  }
  const { code, syscall, address } = error as { code?: unknown; syscall?: unknown; address?: unknown };
  const listenFailure = typeof code === 'string' && (syscall === 'listen' || syscall === 'bind' || syscall === 'getaddrinfo') ? LISTEN_FAILURES[code] : undefined;
  if (listenFailure) {
    const [reason, advice] = listenFailure(flags.port);
    // The address tried, which may differ from --host: without tokens the server binds 127.0.0.1 only.
    const host = typeof address === 'string' ? address : flags.host;
    return new UserFacingError(`${command}: cannot listen on ${host}:${flags.port} (${reason}): ${advice}`, EXIT_UNAVAILABLE, { cause: error });
  }
  return error;
}
