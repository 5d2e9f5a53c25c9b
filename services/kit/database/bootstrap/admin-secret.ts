import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { EXIT_UNAVAILABLE, UserFacingError } from '../../../../core/exit-codes';
import { type AdminLogin, notALoginMessage, parseAdminLogin } from './admin-login';

export type { AdminLogin } from './admin-login';

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
  const login = parseAdminLogin(text);
  if (!login) throw new UserFacingError(notALoginMessage(secretId));
  return login;
}
