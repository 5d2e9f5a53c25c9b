import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';

/** The login of the database server's administrator, as RDS keeps it (`manage_master_user_password`). */
export interface AdminLogin {
  readonly username: string;
  readonly password: string;
}

/** Secrets Manager errors that mean the secret named is the wrong one, not that the environment is unready. */
const WRONG_SECRET = new Set(['ResourceNotFoundException', 'ValidationException', 'InvalidParameterException']);

/**
 * Reads the administrator's login from the secret RDS manages (JSON with `username` and `password`),
 * with the process's AWS credentials and region (the SDK's default chains; AWS_ENDPOINT_URL for an
 * emulator). Errors name the secret and never its value: exit 2 when the secret named is wrong,
 * 3 when the environment cannot read it (no credentials, no permission, no network).
 */
export async function readAdminLogin(secretId: string): Promise<AdminLogin> {
  const client = new SecretsManagerClient({});
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    const { name, message } = error as Error;
    const reason = `${name}: ${String(message).split('\n')[0]}`;
    if (WRONG_SECRET.has(name)) throw new UserFacingError(`database bootstrap: --admin-secret ${secretId} cannot be read (${reason}): name the secret of the database's administrator`, undefined, { cause: error });
    throw new UserFacingError(
      `database bootstrap: cannot read the secret ${secretId} (${reason}): give the process AWS credentials and a region, and secretsmanager:GetSecretValue on the secret (in a cluster: the bootstrap Job's IAM role and AWS_REGION)`,
      EXIT_UNAVAILABLE,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
  const login = parseLogin(text);
  if (!login) throw new UserFacingError(`database bootstrap: the secret ${secretId} is not a database administrator's login: expected JSON with the strings "username" and "password"`);
  return login;
}

function parseLogin(text: string | undefined): AdminLogin | undefined {
  try {
    const { username, password } = JSON.parse(text ?? '') as Record<string, unknown>;
    return typeof username === 'string' && typeof password === 'string' ? { username, password } : undefined;
  } catch {
    return undefined;
  }
}
