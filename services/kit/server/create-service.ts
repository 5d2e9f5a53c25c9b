import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { installBearerAuth, installWhoami } from './auth';
import { ErrorMappersByPrefix, installErrorMapper } from './error-mapper';
import { installHealthEndpoints, type ReadinessCheck } from './health';
import { installHttpMetrics } from './metrics';
import { plinthErrorMapper } from './plinth-error-mapper';
import { installStorableInputChecks } from './storable-input';
import type { TokenTable } from './tokens';

export interface ServiceOptions {
  /** Bearer tokens; an empty table turns authentication off and binds to loopback only (unless `delegatedAuthentication`). */
  readonly tokens: TokenTable;
  /**
   * Why this service needs no token table of its own: the console signs users in with the services'
   * tokens and lets each service decide. Set, the service binds where asked, has no `/whoami`, and its
   * routes check what they need themselves.
   * @default - requests are authenticated with `tokens`
   */
  readonly delegatedAuthentication?: string;
  /**
   * Largest request body accepted, in bytes; a route may set its own.
   * @default 1048576 (1 MiB)
   */
  readonly bodyLimit?: number;
  /**
   * Longest path parameter (`:model`), in characters; longer ones are refused with a 400 in the
   * family's error shape. Above every name the services document, so their own checks give the message.
   * @default 1024
   */
  readonly maxParamLength?: number;
  /** @default 'info' */
  readonly logLevel?: string;
  /**
   * Where the JSON log lines go.
   * @default - standard output
   */
  readonly logStream?: { write(line: string): void };
  /**
   * Dependencies `/readyz` checks.
   * @default - none: ready as soon as it listens
   */
  readonly readinessChecks?: readonly ReadinessCheck[];
}

export interface ListenOptions {
  readonly port: number;
  /**
   * Interface to bind. Without tokens the service always binds 127.0.0.1.
   * @default '0.0.0.0'
   */
  readonly host?: string;
}

/** A Fastify app with Plinth's auth, health, metrics, logging and error handling already wired. */
export interface Service {
  readonly app: FastifyInstance;
  readonly metrics: Registry;
  /** Starts listening; resolves to the address, e.g. `http://127.0.0.1:5000`. */
  listen(options: ListenOptions): Promise<string>;
  /** Stops accepting connections, lets in-flight requests finish, then runs the app's onClose hooks. */
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The error shape of each API family's prefix, for errors raised before a route is found. */
    errorMappers: ErrorMappersByPrefix;
  }
}

/**
 * The server every Plinth service starts from. API families are added with `registerApiFamily`;
 * resources to release on shutdown (a database pool) go in `app.addHook('onClose', ...)`.
 */
export function createService(options: ServiceOptions): Service {
  const errorMappers = new ErrorMappersByPrefix(plinthErrorMapper);
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      // The default serializers never log headers; redaction keeps it so if someone adds them.
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    routerOptions: { maxParamLength: options.maxParamLength ?? 1024 },
    frameworkErrors: errorMappers.frameworkErrors,
    // Verbose schema errors carry the offending value, so a family can quote it the way its clients
    // expect; union types are how a schema says "a number, or protobuf's string for NaN".
    // A strict body schema (zod's strictObject) refuses a field it does not know, so a typo such as
    // `max_batch_sise` is a 400 naming it rather than a setting silently dropped (Fastify's default).
    ajv: { customOptions: { verbose: true, allowUnionTypes: true, removeAdditional: false } },
    // Idle keep-alive connections are closed at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
  });
  const metrics = new Registry();
  let closing = false;
  app.decorate('errorMappers', errorMappers);
  installErrorMapper(app, plinthErrorMapper);
  // Every body is JSON, or a type a route parses itself (CSV, multipart, artifact bytes): text/plain
  // would reach JSON handlers as a string and fail with a misleading message instead of a 415.
  app.removeContentTypeParser('text/plain');
  installStorableInputChecks(app);
  installBearerAuth(app, options.tokens);
  if (options.delegatedAuthentication === undefined) installWhoami(app, options.tokens);
  installHttpMetrics(app, metrics);
  installHealthEndpoints(app, options.readinessChecks ?? [], () => closing);
  // A response finished during shutdown closes its connection; kept alive, it would hold the
  // process open until the keep-alive timeout.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  return {
    app,
    metrics,
    async listen({ port, host = '0.0.0.0' }) {
      let bind = host;
      if (options.delegatedAuthentication !== undefined) {
        app.log.info(`authentication: ${options.delegatedAuthentication}`);
      } else if (options.tokens.size === 0) {
        bind = '127.0.0.1';
        app.log.warn(
          `no tokens configured (PLINTH_TOKENS or PLINTH_TOKENS_FILE): authentication is off, every request is allowed, listening on 127.0.0.1 only${host === bind ? '' : ` (not ${host})`}`,
        );
      }
      return app.listen({ port, host: bind });
    },
    async close() {
      closing = true;
      await app.close();
    },
  };
}
