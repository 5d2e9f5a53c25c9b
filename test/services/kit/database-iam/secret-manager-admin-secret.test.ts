import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { readSecretManagerAdminLogin } from '../../../../services/kit/database/bootstrap/secret-manager-admin-secret';
import { freePort } from '../../../support/free-port';
import { type StandInSecretManager, startStandInSecretManager } from './stand-in-secret-manager';

const INSTANCE = 'my-project:europe-west1:acme-dev-metadata';
const SECRET = 'projects/my-project/secrets/acme-dev-metadata-admin';
const PASSWORD = 'cloud-sql-postgres-password-do-not-print';
/** The operator's step of constructs/gcp/postgres-database.ts, for this secret and instance. */
const SET_IT_FIRST =
  `set the administrator's login first: PASSWORD="$(openssl rand -base64 32 | tr -d '\\n/+=')"; gcloud sql users set-password postgres --instance=acme-dev-metadata --project=my-project --password="$PASSWORD"; ` +
  `printf '{"username":"postgres","password":"%s"}' "$PASSWORD" | gcloud secrets versions add acme-dev-metadata-admin --project=my-project --data-file=-`;

describe("the administrator's login from Secret Manager, with a stand-in for Secret Manager: no Google here", () => {
  let secretManager: StandInSecretManager;
  beforeAll(async () => {
    secretManager = await startStandInSecretManager({
      [SECRET]: { value: JSON.stringify({ username: 'postgres', password: PASSWORD }) },
      'projects/my-project/secrets/empty-admin': { status: 404, code: 'NOT_FOUND', message: 'Secret [projects/123456789012/secrets/empty-admin] not found or has no versions.' },
      'projects/other-project/secrets/gone': { status: 404, code: 'NOT_FOUND', message: 'Project [other-project] not found.' },
      'projects/my-project/secrets/disabled-admin': { status: 400, code: 'FAILED_PRECONDITION', message: 'Secret Version [projects/123456789012/secrets/disabled-admin/versions/2] is in DISABLED state.' },
      'projects/my-project/secrets/not-json': { value: `password=${PASSWORD}` },
      'projects/my-project/secrets/no-password': { value: JSON.stringify({ username: 'postgres' }) },
    });
  });
  afterAll(() => secretManager?.stop());

  const read = (secret: string, access: { endpoint?: string } = {}) => readSecretManagerAdminLogin(secret, INSTANCE, { auth: secretManager.auth, endpoint: secretManager.endpoint, ...access });

  /** The one-line refusal, its exit code, and never the password. */
  async function refusal(secret: string, access: { endpoint?: string } = {}): Promise<{ exitCode: number; message: string }> {
    const error = await read(secret, access).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    const { exitCode, message } = error as UserFacingError;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).not.toContain(PASSWORD);
    return { exitCode, message };
  }

  it('reads the latest version of the secret (payload.data in base64) with a bearer token from Google\'s auth library', async () => {
    expect(await read(SECRET)).toEqual({ username: 'postgres', password: PASSWORD });
    expect(secretManager.requests.at(-1)).toEqual({ path: `/v1/${SECRET}/versions/latest:access`, authorization: 'Bearer stand-in-access-token' });
  });

  it('a secret the operator has not set yet: exit 3, the gcloud commands that set it', async () => {
    expect(await refusal('projects/my-project/secrets/empty-admin')).toEqual({
      exitCode: EXIT_UNAVAILABLE,
      message: `database bootstrap: the secret projects/my-project/secrets/empty-admin has no version to read (NOT_FOUND: Secret [projects/123456789012/secrets/empty-admin] not found or has no versions.): ${SET_IT_FIRST.replace(/acme-dev-metadata-admin/g, 'empty-admin')}`,
    });
  });

  it('a secret that does not exist: exit 2, naming it', async () => {
    expect(await refusal('projects/other-project/secrets/gone')).toEqual({
      exitCode: EXIT_BAD_INPUT,
      message: "database bootstrap: --admin-secret projects/other-project/secrets/gone cannot be read (NOT_FOUND: Project [other-project] not found.): name the secret of the database's administrator (the foundation's adminSecretId)",
    });
  });

  it('no permission on the secret (or no such secret, which Google does not tell apart): exit 3, the role the Job needs', async () => {
    expect(await refusal('projects/my-project/secrets/someone-elses')).toEqual({
      exitCode: EXIT_UNAVAILABLE,
      message:
        "database bootstrap: cannot read the secret projects/my-project/secrets/someone-elses (PERMISSION_DENIED: Permission 'secretmanager.versions.access' denied for resource 'projects/my-project/secrets/someone-elses/versions/latest' (or it may not exist).): " +
        "give the process Google credentials with roles/secretmanager.secretAccessor on the secret (in a cluster: the bootstrap Job's service account through Workload Identity)",
    });
  });

  it('a latest version that is disabled: exit 3, enable it or add one', async () => {
    const { exitCode, message } = await refusal('projects/my-project/secrets/disabled-admin');
    expect(exitCode).toBe(EXIT_UNAVAILABLE);
    expect(message).toBe(
      `database bootstrap: the latest version of the secret projects/my-project/secrets/disabled-admin cannot be read (FAILED_PRECONDITION: Secret Version [projects/123456789012/secrets/disabled-admin/versions/2] is in DISABLED state.): enable it, or ${SET_IT_FIRST.replace(/acme-dev-metadata-admin/g, 'disabled-admin')}`,
    );
  });

  it.each(['not-json', 'no-password'])('a secret that is not a login (%s): exit 2, its value not printed', async (name) => {
    expect(await refusal(`projects/my-project/secrets/${name}`)).toEqual({
      exitCode: EXIT_BAD_INPUT,
      message: `database bootstrap: the secret projects/my-project/secrets/${name} is not a database administrator's login: expected JSON with the strings "username" and "password"`,
    });
  });

  it("Secret Manager out of reach: exit 3, let the process out to Google's APIs", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect(await refusal(SECRET, { endpoint: closed })).toEqual({
      exitCode: EXIT_UNAVAILABLE,
      message: `database bootstrap: cannot reach Secret Manager to read ${SECRET} (ECONNREFUSED): let the process out to Google's APIs on 443`,
    });
  });
});
