import { cloudSqlConnectionOf } from '../../../../services/kit/database/cloud-sql-url';
import { ServiceConfigError } from '../../../../services/kit/server/errors';

const INSTANCE = 'my-project:europe-west1:plinth';
const USER = 'plinth-tracking@my-project.iam';

function problemsOf(url: string): string {
  try {
    cloudSqlConnectionOf(new URL(url));
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceConfigError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('the database URL of --database-iam-auth gcp (Cloud SQL through Google\'s connector)', () => {
  it('reads the instance connection name, the IAM user (an @ needs no escaping in a query) and the database', () => {
    expect(cloudSqlConnectionOf(new URL(`postgres:///tracking?user=${USER}&cloudSqlInstance=${INSTANCE}`))).toEqual({ instanceConnectionName: INSTANCE, user: USER, database: 'tracking' });
    expect(cloudSqlConnectionOf(new URL(`postgresql:///drift?cloudSqlInstance=${INSTANCE}&user=${encodeURIComponent(USER)}&sslmode=verify-full`))).toEqual({
      instanceConnectionName: INSTANCE,
      user: USER,
      database: 'drift',
    });
  });

  it('takes a domain-scoped project and a person as the IAM user', () => {
    expect(cloudSqlConnectionOf(new URL('postgres:///gates?user=ada@example.com&cloudSqlInstance=example.com:ml-platform:us-central1:plinth-prod'))).toEqual({
      instanceConnectionName: 'example.com:ml-platform:us-central1:plinth-prod',
      user: 'ada@example.com',
      database: 'gates',
    });
  });

  it('Node\'s URL refuses a user without a host, so the user is a query parameter', () => {
    expect(() => new URL(`postgres://${encodeURIComponent(USER)}@/tracking?cloudSqlInstance=${INSTANCE}`)).toThrow(/Invalid URL/);
  });

  it.each([
    ['a host', `postgres://10.0.0.5:5432/tracking?user=${USER}&cloudSqlInstance=${INSTANCE}`, "it names a host (10.0.0.5:5432): the connector finds the instance's private address from cloudSqlInstance, remove the host"],
    ['a password parameter', `postgres:///tracking?user=${USER}&password=hunter2&cloudSqlInstance=${INSTANCE}`, "it has a password: IAM authentication logs in with the pod's access token instead, remove the password"],
    ['no user', `postgres:///tracking?cloudSqlInstance=${INSTANCE}`, "it names no user: add ?user=<IAM database user>, a service account's email without .gserviceaccount.com"],
    ['two users', `postgres:///tracking?user=${USER}&user=other&cloudSqlInstance=${INSTANCE}`, 'it names 2 users: keep one user parameter'],
    [
      "a service account's full email",
      `postgres:///tracking?user=plinth-tracking@my-project.iam.gserviceaccount.com&cloudSqlInstance=${INSTANCE}`,
      "its user plinth-tracking@my-project.iam.gserviceaccount.com is a service account's full email: Cloud SQL names the IAM user without .gserviceaccount.com (plinth-tracking@my-project.iam)",
    ],
    ['no database', `postgres:///?user=${USER}&cloudSqlInstance=${INSTANCE}`, 'it names no database: add /<database> after postgres://'],
    ['no instance', `postgres:///tracking?user=${USER}`, "it has no cloudSqlInstance: add cloudSqlInstance=<project>:<region>:<instance>, the instance's connection name"],
    ['an instance without its project', `postgres:///tracking?user=${USER}&cloudSqlInstance=europe-west1:plinth`, 'its cloudSqlInstance europe-west1:plinth is not an instance connection name: expected <project>:<region>:<instance>'],
    ['an instance with upper case', `postgres:///tracking?user=${USER}&cloudSqlInstance=My-Project:europe-west1:plinth`, 'its cloudSqlInstance My-Project:europe-west1:plinth is not an instance connection name'],
    ['two instances', `postgres:///tracking?user=${USER}&cloudSqlInstance=${INSTANCE}&cloudSqlInstance=${INSTANCE}`, 'it names 2 instances: keep one cloudSqlInstance parameter'],
    ['sslmode=disable', `postgres:///tracking?user=${USER}&cloudSqlInstance=${INSTANCE}&sslmode=disable`, "it asks for sslmode=disable: the connector always verifies the server's certificate, remove sslmode or say verify-full"],
    ['sslmode=require', `postgres:///tracking?user=${USER}&cloudSqlInstance=${INSTANCE}&sslmode=require`, 'it asks for sslmode=require'],
    ['parameters it would ignore', `postgres:///tracking?user=${USER}&cloudSqlInstance=${INSTANCE}&sslrootcert=ca.pem&host=/cloudsql`, 'it has parameters the Cloud SQL connector does not use (sslrootcert, host): only user, cloudSqlInstance, sslmode'],
  ])('%s: refused, naming it, with an example', (_case, url, problem) => {
    const message = problemsOf(url);
    expect(message).toContain(problem);
    expect(message).toMatch(
      /^the database URL cannot be used with Cloud SQL IAM authentication \(--database-iam-auth gcp\): .+; for example postgres:\/\/\/tracking\?user=plinth-tracking@my-project\.iam&cloudSqlInstance=my-project:europe-west1:plinth$/,
    );
    expect(message).not.toContain('hunter2');
  });

  it("an AWS URL: every problem at once, in one message, the password not repeated", () => {
    const message = problemsOf('postgres://plinth_tracking:hunter2@db.example.com:5432/tracking?sslmode=no-verify');
    expect(message.split('; ').slice(0, -1)).toEqual([
      "the database URL cannot be used with Cloud SQL IAM authentication (--database-iam-auth gcp): it names a host (db.example.com:5432): the connector finds the instance's private address from cloudSqlInstance, remove the host",
      "it has a password: IAM authentication logs in with the pod's access token instead, remove the password",
      'it names the user before the host: name it in ?user= instead (a URL without a host cannot hold a user there)',
      "it names no user: add ?user=<IAM database user>, a service account's email without .gserviceaccount.com",
      "it has no cloudSqlInstance: add cloudSqlInstance=<project>:<region>:<instance>, the instance's connection name",
      "it asks for sslmode=no-verify: the connector always verifies the server's certificate, remove sslmode or say verify-full",
    ]);
    expect(message).not.toContain('hunter2');
  });
});
