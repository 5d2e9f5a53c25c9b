import { EXIT_BAD_INPUT, EXIT_UNAVAILABLE, UserFacingError } from '../../../core/exit-codes';
import { MlflowApiError } from '../../tracking/client/http-transport';
import { TrackingClient } from '../../tracking/client/tracking-client';

/** The variable MLflow's own clients read the tracking server's bearer token from. */
export const DEFAULT_TOKEN_ENV = 'MLFLOW_TRACKING_TOKEN';

export interface TrackingFlags {
  readonly trackingUrl: string;
  /**
   * The environment variable holding the bearer token: never a flag's value, so it stays out of `ps` and shell history.
   * @default DEFAULT_TOKEN_ENV (no token when it is not set)
   */
  readonly trackingTokenEnv?: string;
}

/** A client for `--tracking-url`, with the token from the environment. A variable named explicitly must be set. */
export function trackingClient(flags: TrackingFlags, env: NodeJS.ProcessEnv = process.env): TrackingClient {
  let url: URL;
  try {
    url = new URL(flags.trackingUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserFacingError(`--tracking-url ${flags.trackingUrl}: expected the tracking server's http(s) URL, e.g. http://127.0.0.1:5000`);
  }
  const variable = flags.trackingTokenEnv ?? DEFAULT_TOKEN_ENV;
  const token = env[variable];
  if (flags.trackingTokenEnv !== undefined && !token) {
    throw new UserFacingError(`--tracking-token-env ${variable}: the variable is not set or empty; export the tracking server's token in it`);
  }
  return new TrackingClient({ uri: flags.trackingUrl, ...(token ? { token } : {}) });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof MlflowApiError && error.errorCode === 'RESOURCE_DOES_NOT_EXIST';
}

/**
 * Runs registry calls and turns what goes wrong on the way into one line: an unreachable server is exit
 * code 3, a refused token or a refused request exit code 2 with the server's message. Errors already
 * meant for the user pass through.
 */
export async function withTracking<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    if (error instanceof MlflowApiError) {
      if (error.status === 401 || error.status === 403) {
        throw new UserFacingError(`the tracking server at ${url} refused the request (HTTP ${error.status}): export a token with write access in ${DEFAULT_TOKEN_ENV} or the variable --tracking-token-env names`, EXIT_BAD_INPUT, { cause: error });
      }
      if (error.status >= 500) throw new UserFacingError(`the tracking server at ${url} failed: ${error.message}`, EXIT_UNAVAILABLE, { cause: error });
      throw new UserFacingError(`the tracking server at ${url} refused the request: ${error.message}`, EXIT_BAD_INPUT, { cause: error });
    }
    if (error instanceof TypeError && error.message === 'fetch failed') {
      const cause = error.cause as NodeJS.ErrnoException | undefined;
      const why = cause?.code ?? cause?.message ?? 'no answer';
      throw new UserFacingError(`cannot reach the tracking server at ${url} (${why}): check --tracking-url and that the server is running`, EXIT_UNAVAILABLE, { cause: error });
    }
    throw error;
  }
}
