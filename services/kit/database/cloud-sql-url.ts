import { ServiceConfigError } from '../server/errors';

/** Where a Cloud SQL IAM login goes: the instance, the IAM database user and the database. */
export interface CloudSqlConnection {
  /** `<project>:<region>:<instance>`, as `gcloud sql instances describe` prints `connectionName`. */
  readonly instanceConnectionName: string;
  /** The IAM database user: a service account's email without `.gserviceaccount.com`, or a person's email. */
  readonly user: string;
  readonly database: string;
}

/**
 * The URL parameters a Cloud SQL connection reads. `user` is libpq's own URL parameter: the user
 * cannot stand before an `@` without a host (Node's URL refuses `postgres://user@/db`), and a
 * service account's user holds an `@` itself, which a query value needs not escape.
 */
const CLOUD_SQL_URL_PARAMETERS = ['user', 'cloudSqlInstance', 'sslmode'];

/**
 * Cloud SQL's instance connection name: a project id (with its organisation's domain for a domain-scoped
 * project, `example.com:project`), a region and an instance id, as Google names them.
 */
export const INSTANCE_CONNECTION_NAME = /^(?:[a-z0-9.-]+\.[a-z]{2,}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]:[a-z]+-[a-z]+[0-9]+:[a-z][a-z0-9-]{0,97}$/;

const EXAMPLE = 'postgres:///tracking?user=plinth-tracking@my-project.iam&cloudSqlInstance=my-project:europe-west1:plinth';

/**
 * A Cloud SQL connection from a PostgreSQL URL without a host, or a ServiceConfigError naming every
 * reason the URL cannot be used: a host (the connector finds the instance's private address itself),
 * a password (the access token logs in), no user, no database, a missing or malformed
 * `cloudSqlInstance`, a service account's full email as the user, `sslmode` other than verify-full
 * (the connector always verifies the server), or a parameter it would ignore.
 */
export function cloudSqlConnectionOf(url: URL): CloudSqlConnection {
  const problems: string[] = [];
  if (url.host !== '') problems.push(`it names a host (${url.host}): the connector finds the instance's private address from cloudSqlInstance, remove the host`);
  if (url.password !== '' || url.searchParams.has('password')) problems.push('it has a password: IAM authentication logs in with the pod\'s access token instead, remove the password');
  if (url.username !== '') problems.push('it names the user before the host: name it in ?user= instead (a URL without a host cannot hold a user there)');
  const users = url.searchParams.getAll('user');
  if (users.length === 0 || users[0] === '') problems.push('it names no user: add ?user=<IAM database user>, a service account\'s email without .gserviceaccount.com');
  else if (users.length > 1) problems.push(`it names ${users.length} users: keep one user parameter`);
  else if (users[0]!.endsWith('.gserviceaccount.com')) {
    problems.push(`its user ${users[0]} is a service account's full email: Cloud SQL names the IAM user without .gserviceaccount.com (${users[0]!.slice(0, -'.gserviceaccount.com'.length)})`);
  }
  const database = decodeURIComponent(url.pathname.slice(1));
  if (database === '') problems.push('it names no database: add /<database> after postgres://');
  const instances = url.searchParams.getAll('cloudSqlInstance');
  if (instances.length === 0 || instances[0] === '') problems.push('it has no cloudSqlInstance: add cloudSqlInstance=<project>:<region>:<instance>, the instance\'s connection name');
  else if (instances.length > 1) problems.push(`it names ${instances.length} instances: keep one cloudSqlInstance parameter`);
  else if (!INSTANCE_CONNECTION_NAME.test(instances[0]!)) problems.push(`its cloudSqlInstance ${instances[0]} is not an instance connection name: expected <project>:<region>:<instance>`);
  const sslmode = url.searchParams.get('sslmode');
  if (sslmode !== null && sslmode !== 'verify-full') {
    problems.push(`it asks for sslmode=${sslmode}: the connector always verifies the server's certificate, remove sslmode or say verify-full`);
  }
  const ignored = [...new Set(url.searchParams.keys())].filter((name) => !CLOUD_SQL_URL_PARAMETERS.includes(name) && name !== 'password');
  if (ignored.length > 0) problems.push(`it has parameters the Cloud SQL connector does not use (${ignored.join(', ')}): only ${CLOUD_SQL_URL_PARAMETERS.join(', ')}`);
  if (problems.length > 0) {
    throw new ServiceConfigError(`the database URL cannot be used with Cloud SQL IAM authentication (--database-iam-auth gcp): ${problems.join('; ')}; for example ${EXAMPLE}`);
  }
  return { instanceConnectionName: instances[0]!, user: users[0]!, database };
}
