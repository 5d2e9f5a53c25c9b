import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';

/** Which Plinth service a client command talks to, for its flags and messages. */
export interface ServiceTarget {
  /** The service's name in messages, e.g. `the drift service`. */
  readonly service: string;
  /** The URL flag, e.g. `--drift-url`. */
  readonly urlFlag: string;
  /** The URL as given. */
  readonly url: string;
  /** The command that runs the service, for the hint when it cannot be reached, e.g. `plinth drift serve`. */
  readonly serveCommand: string;
  /** The bearer token, or none. */
  readonly token?: string;
  /** Where the token comes from, for the hint on a 401. */
  readonly tokenVariable: string;
}

/**
 * The bearer token of a client command: from the variable its `--…-token-env` flag names, which must then be
 * set, or else from `defaultVariable` when that is set (no token otherwise: a local service without tokens).
 * Never from a flag's value, which would show in `ps` and shell history.
 */
export function tokenFromEnvironment(flag: string, named: string | undefined, defaultVariable: string, env: NodeJS.ProcessEnv = process.env): { token?: string; variable: string } {
  const variable = named ?? defaultVariable;
  const token = env[variable];
  if (named !== undefined && !token) throw new UserFacingError(`${flag} ${named}: the variable is not set or empty; export the service's token in it`);
  return token ? { token, variable } : { variable };
}

/** The service's base URL, refused unless it is http(s). */
export function serviceBaseUrl(target: Pick<ServiceTarget, 'urlFlag' | 'url' | 'service'>, example: string): URL {
  try {
    const base = new URL(target.url);
    if (base.protocol === 'http:' || base.protocol === 'https:') return base;
  } catch {
    // Reported below, with what would be valid.
  }
  throw new UserFacingError(`${target.urlFlag} ${target.url}: expected ${target.service}'s http(s) URL, e.g. ${example}`);
}

/**
 * One request to a Plinth service, answered with its JSON: a 4xx is exit 2 with the service's own message
 * (Triton's `{"error": "…"}` or the kit's `{"error": {"message": "…"}}`), a 5xx or no answer exit 3.
 */
export async function requestJson<T>(target: ServiceTarget, path: string, init: { method?: string; body?: string | FormData; contentType?: string } = {}): Promise<T> {
  const url = new URL(path.replace(/^\/+/, ''), `${target.url.replace(/\/+$/, '')}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.contentType ? { 'content-type': init.contentType } : {}),
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
      redirect: 'manual',
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UserFacingError(
      `cannot reach ${target.service} at ${target.url} (${cause?.code ?? cause?.message ?? (error as Error).message}): check ${target.urlFlag} and that ${target.serveCommand} is running`,
      EXIT_UNAVAILABLE,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok || json === undefined) {
    const error = (json as { error?: unknown } | undefined)?.error;
    const message = typeof error === 'string' ? error : ((error as { message?: string } | undefined)?.message ?? (text.slice(0, 300) || response.statusText));
    const hint = response.status === 401 || response.status === 403 ? ` (the token is read from ${target.tokenVariable})` : '';
    const code = response.status >= 400 && response.status < 500 ? EXIT_BAD_INPUT : EXIT_UNAVAILABLE;
    throw new UserFacingError(`${target.service} refused ${init.method ?? 'GET'} ${url.pathname} (HTTP ${response.status}): ${message}${hint}`, code);
  }
  return json as T;
}
