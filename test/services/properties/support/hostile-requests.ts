import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { hostileUrlText, hostileValue, type JsonLike, toJsonText } from './hostile-input';

/** One route of a service as the fuzzer sees it: method, URL pattern, and the fields its schema names. */
export interface FuzzedRoute {
  readonly method: string;
  readonly url: string;
  readonly bodyFields: readonly string[];
  readonly queryFields: readonly string[];
}

/** Routes every kit service has, registered before a test can listen for routes. */
const KIT_ROUTES: readonly FuzzedRoute[] = ['/healthz', '/readyz', '/metrics'].map((url) => ({ method: 'GET', url, bodyFields: [], queryFields: [] }));

/**
 * Every route the service registers from now on (its API families load when it starts listening),
 * plus the kit's own: endpoints added to any table are fuzzed without a change here.
 */
export function recordRoutes(app: FastifyInstance): FuzzedRoute[] {
  const routes = [...KIT_ROUTES];
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown };
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url ?? route.path, bodyFields: fieldsOf(schema.body), queryFields: fieldsOf(schema.querystring) });
    }
  });
  return routes;
}

function fieldsOf(schema: unknown): string[] {
  return Object.keys((schema as { properties?: object } | undefined)?.properties ?? {});
}

export interface HostileRequest {
  readonly method: string;
  /** Path and query, already encoded (or deliberately mis-encoded). */
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
}

export interface HostileRequestOptions {
  /** Real names and ids, so that some requests get past "not found" into the handlers. */
  readonly knownStrings: readonly string[];
  /** Other bodies the service takes (CSV, row arrays) with their content type. */
  readonly extraBodies?: fc.Arbitrary<{ readonly contentType: string; readonly body: string }>;
  /**
   * Only strings no store can keep (NUL, lone surrogates) in every field: the class that differs
   * between databases.
   * @default false
   */
  readonly unstorableOnly?: boolean;
}

/** Requests to `route` with hostile paths, query strings, content types and JSON bodies. */
export function hostileRequest(route: FuzzedRoute, options: HostileRequestOptions): fc.Arbitrary<HostileRequest> {
  const value: fc.Arbitrary<JsonLike> = options.unstorableOnly
    ? fc.oneof(fc.constantFrom('\u0000', 'a\u0000', '\ud800', 'b\udfff'), fc.constantFrom(...options.knownStrings).map((known) => `${known}\u0000`))
    : hostileValue(options.knownStrings);
  const urlText = hostileUrlText(options.knownStrings);
  const path = route.url
    .split('/')
    .map((segment): fc.Arbitrary<string> => {
      if (segment === '*') return fc.array(urlText, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
      if (segment.startsWith(':')) return urlText;
      return fc.constant(segment);
    });
  const query = fc
    .array(fc.tuple(route.queryFields.length === 0 ? urlText : fc.oneof(fc.constantFrom(...route.queryFields), urlText), urlText), { maxLength: 4 })
    .map((pairs) => pairs.map(([key, text]) => `${key}=${text}`).join('&'));
  const fields = Object.fromEntries(route.bodyFields.map((field) => [field, value]));
  const jsonBody = fc.oneof(
    { weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }).map((body) => toJsonText(body as JsonLike)) },
    { weight: 1, arbitrary: value.map(toJsonText) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', 'NaN', '{"a":1,"a":2}', '{"__proto__":{"x":1}}') },
  );
  const bodies = fc.oneof(
    { weight: 6, arbitrary: jsonBody.map((body) => ({ contentType: 'application/json', body })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=zz', 'multipart/form-data', 'application/x-www-form-urlencoded'), jsonBody).map(([contentType, body]) => ({ contentType, body })) },
    ...(options.extraBodies ? [{ weight: 3, arbitrary: options.extraBodies }] : []),
  );
  const hasBody = route.method !== 'GET' && route.method !== 'HEAD' && route.method !== 'DELETE';
  return fc.record({
    path: fc.tuple(fc.tuple(...path), query).map(([segments, text]) => `${segments.join('/')}${text === '' ? '' : `?${text}`}`),
    body: hasBody || route.method === 'DELETE' ? fc.option(bodies, { freq: 6 }) : fc.constant(null),
  }).map(({ path: fullPath, body }) => ({ method: route.method, path: fullPath, ...(body === null ? {} : body) }));
}

/** Sends the request as it is; the status, and the body text for a failure message. */
export async function send(base: string, request: HostileRequest): Promise<{ status: number; text: string }> {
  const response = await fetch(`${base}${request.path}`, {
    method: request.method,
    headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
    body: request.body,
  });
  return { status: response.status, text: await response.text() };
}

export interface Sent {
  readonly method?: string;
  readonly contentType?: string;
  readonly body?: string;
}

/** One request as written, and its answer. */
export async function call(base: string, url: string, { method, contentType, body }: Sent = {}) {
  const response = await fetch(`${base}${url}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: contentType === undefined ? (body === undefined ? {} : { 'content-type': 'application/json' }) : { 'content-type': contentType },
    body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** JSON arrays nested `depth` deep. */
export const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
