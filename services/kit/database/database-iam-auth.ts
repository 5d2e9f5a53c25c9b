import { ServiceConfigError } from '../server/errors';

/**
 * Clouds whose IAM database authentication the PostgreSQL pool speaks: a short-lived token replaces the
 * password (RDS's signed token on AWS, the access token in the client certificate of Google's Cloud SQL
 * connector on GCP, see cloud-sql-url.ts).
 */
export const DATABASE_IAM_AUTH_PROVIDERS = ['aws', 'gcp'] as const;
export type DatabaseIamAuth = (typeof DATABASE_IAM_AUTH_PROVIDERS)[number];

/** What an IAM login token is signed for: the server as the client names it, and the database user. */
export interface IamLogin {
  readonly host: string;
  readonly port: number;
  readonly user: string;
}

/** Where an IAM login goes: the login, the database, and the CA file that verifies the server. */
export interface IamConnection extends IamLogin {
  readonly database: string;
  /** @default - Node's trusted CAs, with NODE_EXTRA_CA_CERTS (the image's RDS CA bundle) */
  readonly caFile?: string;
}

/** The URL parameters an IAM connection reads; any other would be silently ignored, so it is refused. */
const IAM_URL_PARAMETERS = ['sslmode', 'sslrootcert'];

const EXAMPLE = 'postgres://plinth_tracking@<endpoint>:5432/tracking?sslmode=verify-full';

/**
 * An IAM connection from a PostgreSQL URL, or a ServiceConfigError when the URL cannot be used with
 * IAM authentication: it names no user, it has a password (two ways to log in), it does not require a
 * verified TLS connection (the token is a credential for 15 minutes: it must only reach the server it
 * was signed for), or it has parameters other than sslmode and sslrootcert.
 */
export function iamConnectionOf(url: URL): IamConnection {
  const problems: string[] = [];
  if (url.username === '') problems.push('it names no user: the token logs in as the user in the URL');
  if (url.password !== '') problems.push('it has a password: IAM authentication logs in with a token instead, remove the password');
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== 'verify-full') {
    problems.push(`it does not require a verified TLS connection (sslmode=${sslmode ?? 'absent'}): add sslmode=verify-full, the token must only reach the server it is for`);
  }
  const ignored = [...url.searchParams.keys()].filter((name) => !IAM_URL_PARAMETERS.includes(name));
  if (ignored.length > 0) problems.push(`it has parameters IAM authentication does not use (${ignored.join(', ')}): only ${IAM_URL_PARAMETERS.join(' and ')}`);
  if (problems.length > 0) {
    throw new ServiceConfigError(`the database URL cannot be used with IAM authentication (--database-iam-auth): ${problems.join('; ')}; for example ${EXAMPLE}`);
  }
  return {
    host: url.hostname,
    port: url.port === '' ? 5432 : Number(url.port),
    user: decodeURIComponent(url.username),
    database: decodeURIComponent(url.pathname.slice(1)),
    caFile: url.searchParams.get('sslrootcert') ?? undefined,
  };
}
