import { type DatabaseFailure, DatabaseUnavailableError } from './database-unavailable-error';

/** Statuses of the Cloud SQL Admin API and what each means for this login. */
const ADMIN_API_STATUS: Record<number, [DatabaseFailure, string]> = {
  401: ['gcp-credentials', 'the Cloud SQL Admin API refused the credentials'],
  403: ['cloud-sql-permission', 'the Cloud SQL Admin API refused access to the instance'],
  404: ['cloud-sql-instance', 'the Cloud SQL Admin API has no such instance'],
};

/** The connector's own error codes (CloudSQLConnectorError) about the instance rather than the environment. */
const CONNECTOR_CODES: Record<string, [DatabaseFailure, string]> = {
  ENOACCESSTOKEN: ['gcp-credentials', 'no access token for the IAM login'],
  ENOPRIVATESQLADMINIPADDRESS: ['cloud-sql-instance', 'the instance has no private IP address'],
  ENOSQLADMINIPADDRESS: ['cloud-sql-instance', 'the instance has no IP address'],
  EBADSQLADMINREGION: ['cloud-sql-instance', 'the region in cloudSqlInstance is not the instance\'s'],
  ENOSQLADMIN: ['cloud-sql-instance', 'the Cloud SQL Admin API returned nothing for the instance'],
  ENOSQLADMINEPH: ['cloud-sql-instance', 'the Cloud SQL Admin API returned no client certificate'],
  ENOSQLADMINCERT: ['cloud-sql-instance', 'the instance has no server CA certificate'],
};

/** Network errors reaching the Admin API (sqladmin.googleapis.com) or Google's token endpoints. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Turns what Google's connector throws while preparing a login (google-auth-library's errors, the
 * Admin API's HTTP errors through gaxios, CloudSQLConnectorError codes) into a DatabaseUnavailableError
 * naming what failed, or returns it as it is when it is none of those (a bug).
 */
export function explainConnectorFailure(error: unknown, where: string, login = 'an IAM login'): unknown {
  const found = classify(error);
  if (!found) return error;
  const [failure, reason] = found;
  const detail = firstLine(error);
  return new DatabaseUnavailableError(failure, `cannot prepare ${login} to PostgreSQL at ${where} with Google's Cloud SQL connector (${reason}${detail ? `: ${detail}` : ''})`, { cause: error });
}

function classify(error: unknown): [DatabaseFailure, string] | undefined {
  const { code, status, message, cause } = error as { code?: unknown; status?: unknown; message?: unknown; cause?: unknown };
  if (typeof status === 'number' && ADMIN_API_STATUS[status]) return ADMIN_API_STATUS[status];
  // Google's token endpoint refusing a key or a Workload Identity token (revoked, deleted service account).
  if (status === 400 && typeof message === 'string' && /invalid_grant|invalid_client|unauthorized_client/.test(message)) return ['gcp-credentials', 'Google refused the credentials'];
  if (typeof code === 'string' && CONNECTOR_CODES[code]) return CONNECTOR_CODES[code];
  // google-auth-library's words when no credentials are found (no Workload Identity, no key file, no gcloud login).
  if (typeof message === 'string' && message.startsWith('Could not load the default credentials')) return ['gcp-credentials', 'no Google credentials'];
  const network = typeof code === 'string' && UNREACHABLE.has(code) ? code : (cause as { code?: unknown } | undefined)?.code;
  if (typeof network === 'string' && UNREACHABLE.has(network)) return ['cloud-sql-admin-unreachable', `Google's APIs cannot be reached: ${network}`];
  return undefined;
}

function firstLine(error: unknown): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 300) : '';
}
