/**
 * The page's one way to reach the services: through the console's proxy on the same origin
 * (`/proxy/<service>/<path>`), which adds the session's bearer token. The page never holds the token.
 */
import type { ConsoleServiceName } from '../server/console-services';

/** The services behind the proxy: tracking, gates, drift and inference. */
export type ServiceName = ConsoleServiceName;

export type QueryValue = string | number | boolean | undefined | readonly string[];

/** A refused or failed request, with the service's own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly service?: ServiceName,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired when the console answers that the session is gone (expired or signed out elsewhere). */
export const SIGNED_OUT_EVENT = 'plinth:signed-out';

/** The console's URL of a service path, e.g. for an artifact download link. */
export function proxyUrl(service: ServiceName, path: string, query?: Record<string, QueryValue>): string {
  return `/proxy/${service}/${path.replace(/^\/+/, '')}${queryString(query)}`;
}

export function getJson<T>(service: ServiceName, path: string, query?: Record<string, QueryValue>): Promise<T> {
  return request<T>(proxyUrl(service, path, query), { method: 'GET' }, service);
}

export function postJson<T>(service: ServiceName, path: string, body?: unknown): Promise<T> {
  return request<T>(proxyUrl(service, path), jsonInit('POST', body), service);
}

/** The console's own API (`/console/api/...`): the session, the serving snapshot. */
export function consoleJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return request<T>(`/console/api/${path.replace(/^\/+/, '')}`, init.body === undefined ? { method: init.method ?? 'GET' } : jsonInit(init.method ?? 'POST', init.body));
}

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) };
}

function queryString(query?: Record<string, QueryValue>): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function request<T>(url: string, init: RequestInit, service?: ServiceName): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  } catch {
    throw new ApiError(0, 'The console cannot be reached: check that `plinth console` is running.', service);
  }
  const text = await response.text();
  if (response.status === 401 && response.headers.get('x-plinth-console') === 'session-required') {
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
  if (!response.ok) throw new ApiError(response.status, errorMessage(text, response.status, service), service);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** The kit's `{error: {message}}`, MLflow's `{message}`, Triton's `{error: "..."}`, or the status. */
function errorMessage(text: string, status: number, service?: ServiceName): string {
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string }; message?: string };
    const message = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (message) return message;
  } catch {
    // Not JSON: described by its status below.
  }
  return `${service ? `The ${service} service` : 'The console'} answered ${status}`;
}
