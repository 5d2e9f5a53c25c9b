import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../../kit/server/errors';
import { CONSOLE_SERVICES, type ConsoleServiceName, type ConsoleServiceUrls } from './console-services';
import type { ConsoleSession } from './sessions';
import { withSlash } from './sign-in';

/** Request headers the page may pass on; everything else (cookies above all) stays with the console. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'range', 'if-none-match'] as const;
/** Response headers passed back: what a JSON answer or a download needs, nothing that sets state. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'retry-after'] as const;

/** How long a service may take to start answering a proxied request. */
const PROXY_TIMEOUT_MS = 60_000;

export interface ProxyOptions {
  readonly urls: ConsoleServiceUrls;
  /** The live session of a request, or a 401. */
  readonly requireSession: (request: FastifyRequest, reply: FastifyReply) => ConsoleSession;
}

/**
 * `/proxy/<service>/<path>`: the page's requests to a service, sent on with the session's bearer token.
 * The service answers and enforces its roles as for any client; its status and body come back as they
 * are (a download streams). This is what keeps the page on one origin with no CORS, and the token out of
 * the page. Only the configured services' own URLs can be reached: the path is resolved against the
 * service's URL and refused if it would leave it.
 */
export function serviceProxy(options: ProxyOptions): FastifyPluginAsync {
  return async (app) => {
    // Bodies go through untouched, whatever their type: the service parses and checks them.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url: '/proxy/:service/*',
      config: { access: 'public' },
      handler: async (request, reply) => {
        const session = options.requireSession(request, reply);
        const { service, '*': path } = request.params as { service: string; '*': string };
        const target = targetUrl(options.urls, service, path, request.url);
        return forward(request, reply, target, session.token);
      },
    });
  };
}

function targetUrl(urls: ConsoleServiceUrls, service: string, path: string, requestUrl: string): URL {
  if (!(CONSOLE_SERVICES as readonly string[]).includes(service)) {
    throw new ServiceError('not-found', `No service '${service}': the console proxies ${CONSOLE_SERVICES.join(', ')}`);
  }
  const base = urls[service as ConsoleServiceName];
  if (base === undefined) throw new ServiceError('not-found', `The console was started without --${service}-url, so the ${service} service cannot be shown`);
  const baseUrl = new URL(withSlash(base));
  const queryAt = requestUrl.indexOf('?');
  const target = new URL(path.replace(/^\/+/, ''), baseUrl);
  target.search = queryAt === -1 ? '' : requestUrl.slice(queryAt);
  if (target.origin !== baseUrl.origin || !target.pathname.startsWith(baseUrl.pathname)) {
    throw new ServiceError('invalid', `The path '${path}' leaves the ${service} service`);
  }
  return target;
}

async function forward(request: FastifyRequest, reply: FastifyReply, target: URL, token: string): Promise<FastifyReply> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  if (token !== '') headers.authorization = `Bearer ${token}`;
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : new Uint8Array((request.body as Buffer | undefined) ?? Buffer.alloc(0));
  let response: Response;
  try {
    response = await fetch(target, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(PROXY_TIMEOUT_MS) });
  } catch (error) {
    const service = (request.params as { service: string }).service;
    const timedOut = (error as Error).name === 'TimeoutError';
    request.log.warn({ service, target: target.origin, err: error }, 'proxied request failed');
    return reply
      .code(timedOut ? 504 : 502)
      .send({ error: { code: 'unavailable', message: `The ${service} service ${timedOut ? 'did not answer in time' : `cannot be reached at ${target.origin}`}: is it running?` } });
  }
  reply.code(response.status);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    // fetch decodes a compressed body, so the service's length would be the compressed one.
    if (name === 'content-length' && response.headers.has('content-encoding')) continue;
    const value = response.headers.get(name);
    if (value !== null) reply.header(name, value);
  }
  // Service data is per user and changes: never kept by the browser or a cache on the way.
  reply.header('cache-control', 'no-store');
  if (response.body === null || request.method === 'HEAD') return reply.send();
  return reply.send(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream));
}
