import type { GoogleAuth } from 'google-auth-library';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { type AdminLogin, notALoginMessage, parseAdminLogin } from './admin-login';

/** Where the login is read from, and with which credentials; a test passes a stand-in for Secret Manager. */
export interface SecretManagerAccess {
  /** Makes the authenticated requests. @default - a GoogleAuth with the process's Application Default Credentials (Workload Identity in a pod), scope cloud-platform */
  readonly auth?: Pick<GoogleAuth, 'request'>;
  /** Secret Manager's REST API. @default 'https://secretmanager.googleapis.com' */
  readonly endpoint?: string;
}

/** `projects/<project id or number>/secrets/<secret id>`, as the foundation's `adminSecretId` is. */
export const SECRET_NAME = /^projects\/([a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20})\/secrets\/([A-Za-z0-9_-]{1,255})$/;

/** Network errors reaching secretmanager.googleapis.com or Google's token endpoints. */
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The operator's one-time step that gives the secret its first version (constructs/gcp/postgres-database.ts), in
 * one line: the `postgres` user's password set on the instance, then stored as the JSON the bootstrap reads.
 */
export function setAdminLoginCommand(secretName: string, instanceConnectionName: string): string {
  const [, project, secret] = SECRET_NAME.exec(secretName) ?? [];
  const instance = instanceConnectionName.split(':').at(-1);
  return (
    `PASSWORD="$(openssl rand -base64 32 | tr -d '\\n/+=')"; gcloud sql users set-password postgres --instance=${instance} --project=${project} --password="$PASSWORD"; ` +
    `printf '{"username":"postgres","password":"%s"}' "$PASSWORD" | gcloud secrets versions add ${secret} --project=${project} --data-file=-`
  );
}

/**
 * Reads the administrator's login (JSON `username` and `password`) from the latest version of a Secret Manager
 * secret, over its REST API with Google's auth library (no Secret Manager client library). Errors name the secret,
 * never its value: exit 2 when the secret named is wrong or holds something else, 3 when the environment cannot
 * read it yet (no credentials, no permission, no version stored, no network).
 */
export async function readSecretManagerAdminLogin(secretName: string, instanceConnectionName: string, access: SecretManagerAccess = {}): Promise<AdminLogin> {
  const auth = access.auth ?? defaultAuth();
  const endpoint = access.endpoint ?? 'https://secretmanager.googleapis.com';
  let data: string | undefined;
  try {
    const response = await auth.request<{ payload?: { data?: unknown } }>({ url: `${endpoint}/v1/${secretName}/versions/latest:access`, method: 'GET', timeout: 10_000 });
    data = typeof response.data?.payload?.data === 'string' ? response.data.payload.data : undefined;
  } catch (error) {
    throw explainAccessFailure(error, secretName, instanceConnectionName);
  }
  const login = parseAdminLogin(data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8'));
  if (!login) throw new UserFacingError(notALoginMessage(secretName));
  return login;
}

function defaultAuth(): Pick<GoogleAuth, 'request'> {
  // Loaded here, so that AWS runs never load Google's auth library.
  const { GoogleAuth } = require('google-auth-library') as typeof import('google-auth-library');
  return new GoogleAuth({ scopes: 'https://www.googleapis.com/auth/cloud-platform' });
}

/** One line per way the read fails, in words that say what to fix. */
function explainAccessFailure(error: unknown, secretName: string, instanceConnectionName: string): UserFacingError {
  const { response, code, message, cause } = error as { response?: { status?: number; data?: unknown }; code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const status = response?.status;
  const google = (response?.data as { error?: { status?: unknown; message?: unknown } } | undefined)?.error;
  const reason = typeof google?.message === 'string' ? `${String(google.status ?? status)}: ${google.message}` : `${String(code ?? status ?? 'error')}: ${firstLine(message)}`;
  const options = { cause: error };
  const setItFirst = `set the administrator's login first: ${setAdminLoginCommand(secretName, instanceConnectionName)}`;
  if (status === 404 && /version/i.test(String(google?.message ?? ''))) {
    return new UserFacingError(`database bootstrap: the secret ${secretName} has no version to read (${reason}): ${setItFirst}`, EXIT_UNAVAILABLE, options);
  }
  if (status === 404) return new UserFacingError(`database bootstrap: --admin-secret ${secretName} cannot be read (${reason}): name the secret of the database's administrator (the foundation's adminSecretId)`, undefined, options);
  if (status === 400 && google?.status === 'FAILED_PRECONDITION') {
    return new UserFacingError(`database bootstrap: the latest version of the secret ${secretName} cannot be read (${reason}): enable it, or ${setItFirst}`, EXIT_UNAVAILABLE, options);
  }
  const wants = "give the process Google credentials with roles/secretmanager.secretAccessor on the secret (in a cluster: the bootstrap Job's service account through Workload Identity)";
  if (status === 401 || status === 403) return new UserFacingError(`database bootstrap: cannot read the secret ${secretName} (${reason}): ${wants}`, EXIT_UNAVAILABLE, options);
  if (typeof message === 'string' && message.startsWith('Could not load the default credentials')) {
    return new UserFacingError(`database bootstrap: cannot read the secret ${secretName} (no Google credentials: ${firstLine(message)}): ${wants}`, EXIT_UNAVAILABLE, options);
  }
  const network = [code, cause?.code].find((value) => typeof value === 'string' && UNREACHABLE.has(value));
  if (network !== undefined) return new UserFacingError(`database bootstrap: cannot reach Secret Manager to read ${secretName} (${String(network)}): let the process out to Google's APIs on 443`, EXIT_UNAVAILABLE, options);
  return new UserFacingError(`database bootstrap: cannot read the secret ${secretName} (${reason}): try again; if it persists, ${wants}`, EXIT_UNAVAILABLE, options);
}

function firstLine(message: unknown): string {
  return typeof message === 'string' ? message.split('\n')[0]!.slice(0, 300) : '';
}
