import { type DatabaseFailure, DatabaseUnavailableError } from './database-unavailable-error';

/** Socket and DNS error codes that mean the server cannot be reached, in words. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
};

/** SQLSTATEs PostgreSQL answers a login with. */
const LOGIN: Record<string, [DatabaseFailure, string]> = {
  '28P01': ['login-refused', 'wrong password'],
  '28000': ['login-refused', 'login not allowed'],
  '3D000': ['no-such-database', 'no such database'],
};

/** SQLSTATEs of a server that is stopping or starting: the connection ends, the data is fine. */
const SHUTTING_DOWN: Record<string, string> = {
  '57P01': 'the server is shutting down',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting up',
};

/**
 * Turns an error met while opening or using a connection into a DatabaseUnavailableError, or returns it as it
 * is when it says nothing about the environment. `where` is `host:port/database`, without credentials.
 */
export function explainConnectionFailure(error: unknown, where: string): unknown {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  const failure = classify(typeof code === 'string' ? code : '', text);
  if (!failure) return error;
  const [kind, reason] = failure;
  const verb = kind === 'unreachable' || kind === 'tls' ? 'cannot connect to' : 'cannot log in to';
  return new DatabaseUnavailableError(kind, `${verb} PostgreSQL at ${where} (${reason})`, { cause: error });
}

function classify(code: string, message: string): [DatabaseFailure, string] | undefined {
  if (UNREACHABLE[code]) return ['unreachable', UNREACHABLE[code]];
  if (LOGIN[code]) return LOGIN[code];
  if (SHUTTING_DOWN[code]) return ['unreachable', SHUTTING_DOWN[code]];
  // pg's words when no connection came within the pool's connectionTimeoutMillis: a new one did not open, or the pool stayed full.
  if (message === 'timeout exceeded when trying to connect') return ['unreachable', 'no connection within the timeout: the server does not answer, or every pooled connection is busy'];
  // pg's own words when the server refuses TLS; Node's certificate checks have codes naming CERT or TLS,
  // but for a certificate signed by a CA this process does not trust.
  if (message === 'The server does not support SSL connections') return ['tls', 'the server does not accept TLS'];
  if (/CERT|TLS|SSL/.test(code) || code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return ['tls', message.split('\n')[0]];
  if (message === 'Connection terminated unexpectedly') return ['unreachable', 'the server closed the connection; is it PostgreSQL?'];
  if (message === 'Client has encountered a connection error and is not queryable') return ['unreachable', 'the server closed the connection'];
  return undefined;
}
