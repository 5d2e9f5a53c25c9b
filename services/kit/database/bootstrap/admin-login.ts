/** The login of the database server's administrator, as the cloud's secret keeps it (JSON `username` and `password`). */
export interface AdminLogin {
  readonly username: string;
  readonly password: string;
}

/** The login in a secret's text, or undefined when it is not JSON with the strings `username` and `password`. */
export function parseAdminLogin(text: string | undefined): AdminLogin | undefined {
  try {
    const { username, password } = JSON.parse(text ?? '') as Record<string, unknown>;
    return typeof username === 'string' && typeof password === 'string' ? { username, password } : undefined;
  } catch {
    return undefined;
  }
}

/** What both clouds say of a secret that holds something else; never its value. */
export function notALoginMessage(secretId: string): string {
  return `database bootstrap: the secret ${secretId} is not a database administrator's login: expected JSON with the strings "username" and "password"`;
}
