import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createService, type Service } from '../../kit/server/create-service';
import { ServiceConfigError, ServiceError } from '../../kit/server/errors';
import { TokenTable } from '../../kit/server/tokens';
import { CONSOLE_SERVICES, type ConsoleServiceUrls } from './console-services';
import { serviceProxy } from './service-proxy';
import { ServingStats } from './serving-stats';
import { clearSessionCookie, isSameOrigin, sessionCookie, setSessionCookie } from './session-cookie';
import { type ConsoleSession, SessionStore } from './sessions';
import { signIn } from './sign-in';
import { SignInLimiter } from './sign-in-limiter';
import { CONTENT_SECURITY_POLICY, loadAssets, staticAssets } from './static-assets';

export interface ConsoleOptions {
  /** The services' base URLs; a page whose service is missing says it is not configured. */
  readonly services: ConsoleServiceUrls;
  /** The built console (scripts/build-console.js). */
  readonly assetsDir: string;
  /**
   * Longest a session lives, active or not.
   * @default 28800 (8 hours)
   */
  readonly sessionTtlSeconds?: number;
  /**
   * A session unused this long ends.
   * @default 1800 (30 minutes)
   */
  readonly idleTimeoutSeconds?: number;
  /** @default 'info' */
  readonly logLevel?: string;
  /** @default - standard output */
  readonly logStream?: { write(line: string): void };
}

/** The repository's built console: dist/console beside dist/services (compiled) or beside services/ (sources). */
export const DEFAULT_ASSETS_DIR = path.resolve(__dirname, '..', '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..', '..')) === 'dist' ? [] : ['dist']), 'console');

const SignInBody = z.strictObject({ token: z.string().max(4096) });

/**
 * `plinth console`: the page, its assets, sign-in with the services' tokens, and the proxy to the
 * services. It keeps no data of its own besides sessions in memory; every answer it shows comes from a
 * service that checked the session's token.
 */
export function createConsoleServer(options: ConsoleOptions): Service {
  for (const service of CONSOLE_SERVICES) {
    const url = options.services[service];
    if (url !== undefined && !/^https?:\/\/[^/]/.test(url)) throw new ServiceConfigError(`--${service}-url ${url}: expected the service's http(s) URL, e.g. http://127.0.0.1:5000`);
  }
  const assets = loadAssets(options.assetsDir);
  const ttlSeconds = options.sessionTtlSeconds ?? 8 * 3600;
  const sessions = new SessionStore({ ttlSeconds, idleSeconds: options.idleTimeoutSeconds ?? 1800 });
  const limiter = new SignInLimiter();
  const serving = options.services.inference === undefined ? undefined : new ServingStats({ inferenceUrl: options.services.inference });

  const service = createService({
    tokens: new TokenTable([]),
    delegatedAuthentication: "sessions: a sign-in checks the token with each service's /whoami, and the proxy sends it on; the services decide",
    logLevel: options.logLevel,
    logStream: options.logStream,
  });
  const { app } = service;

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });
  // Cross-site requests that change something are refused before any route runs (CSRF).
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isSameOrigin(request)) {
      throw new ServiceError('forbidden', "Cross-site request refused: the console only takes changes from its own page");
    }
  });

  const requireSession = (request: FastifyRequest, reply: FastifyReply): ConsoleSession => {
    const session = sessions.touch(sessionCookie(request));
    if (!session) {
      reply.header('x-plinth-console', 'session-required');
      throw new ServiceError('unauthenticated', 'Sign in to the console first: your session has ended or never started');
    }
    return session;
  };
  const describe = (session: ConsoleSession) => ({ user: session.user, expires_at: new Date(sessions.endsAt(session)).toISOString(), services: session.services });

  app.register(staticAssets(assets));
  app.register(serviceProxy({ urls: options.services, requireSession }));

  app.post('/console/api/session', { config: { access: 'public' }, bodyLimit: 8192 }, async (request, reply) => {
    const parsed = SignInBody.safeParse(request.body);
    if (!parsed.success) throw new ServiceError('invalid', 'Expected a JSON body {"token": "<one of the services\' tokens>"}');
    const retryAfter = limiter.retryAfterSeconds(request.ip);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      throw new ServiceError('too-many-requests', `Too many failed sign-ins from this address: try again in ${retryAfter} s`);
    }
    let result;
    try {
      result = await signIn(options.services, parsed.data.token);
    } catch (error) {
      if (error instanceof ServiceError && error.kind === 'unauthenticated') limiter.recordFailure(request.ip);
      throw error;
    }
    sessions.end(sessionCookie(request));
    const { id, session } = sessions.create({ user: result.user, token: parsed.data.token, services: result.services });
    setSessionCookie(request, reply, id, ttlSeconds);
    request.log.info({ user: session.user }, 'console sign-in');
    return describe(session);
  });
  app.get('/console/api/session', { config: { access: 'public' } }, async (request, reply) => describe(requireSession(request, reply)));
  app.delete('/console/api/session', { config: { access: 'public' } }, async (request, reply) => {
    sessions.end(sessionCookie(request));
    clearSessionCookie(request, reply);
    return reply.code(204).send();
  });
  app.get('/console/api/serving', { config: { access: 'public' } }, async (request, reply) => {
    const session = requireSession(request, reply);
    if (!serving) throw new ServiceError('not-found', 'The console was started without --inference-url, so serving cannot be shown');
    return serving.read(session.token === '' ? undefined : session.token);
  });
  return service;
}

export interface RunningConsole {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  close(): Promise<void>;
}

/** The console started and listening (tests, the bench): `port: 0` takes a free port. */
export async function startConsole(options: ConsoleOptions & { readonly port?: number; readonly host?: string }): Promise<RunningConsole> {
  const service = createConsoleServer(options);
  try {
    const url = await service.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    return { url, close: () => service.close() };
  } catch (error) {
    await service.close();
    throw error;
  }
}
