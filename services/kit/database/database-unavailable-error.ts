/**
 * Why a database could not be used, in terms that tell the user what to fix: the server cannot be
 * reached, it refused the login, the database does not exist, TLS failed, the embedded store's
 * folder cannot be created or written, no IAM login token could be signed (no cloud credentials or
 * region), or the server refused the IAM token. On Google Cloud, Google's Cloud SQL connector could not
 * prepare the IAM login: no Google credentials, no permission on the instance, no such instance (or one
 * without a private address), the Admin API out of reach; or Cloud SQL refused the IAM user.
 */
export type DatabaseFailure =
  | 'unreachable'
  | 'login-refused'
  | 'no-such-database'
  | 'tls'
  | 'folder'
  | 'iam-token'
  | 'iam-login-refused'
  | 'gcp-credentials'
  | 'cloud-sql-permission'
  | 'cloud-sql-instance'
  | 'cloud-sql-admin-unreachable'
  | 'cloud-sql-login-refused';

/**
 * The database is not usable because of the environment, not because of a query: the message names
 * where it is (never the password) and why, in one line.
 */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly failure: DatabaseFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}
