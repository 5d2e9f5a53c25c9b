import type { FastifyInstance } from 'fastify';
import { ServiceError } from './errors';
import { ANONYMOUS, type Principal, type Role, roleAllows, type TokenTable } from './tokens';

/** What a route needs: nothing (`public`), or a token whose role includes this one. */
export type RouteAccess = 'public' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @default - `read` for GET and HEAD, `write` for every other method */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who sent the request; set before any handler runs on a non-public route. */
    principal: Principal;
  }
}

/**
 * `Authorization: Bearer <token>` on every non-public route: no or unknown token → 401, a token whose role
 * does not include the route's (read on a write route) → 403. With an empty table everything is allowed as `anonymous`.
 */
export function installBearerAuth(app: FastifyInstance, tokens: TokenTable): void {
  // Fastify refuses object defaults for request decorations (they would be shared): set per request.
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request) => {
    request.principal = ANONYMOUS;
    const access = request.routeOptions.config.access ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    if (access === 'public' || tokens.size === 0) return;
    const header = request.headers.authorization;
    const bearer = header === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    const principal = bearer === undefined ? undefined : tokens.lookup(bearer);
    if (!principal) {
      throw new ServiceError('unauthenticated', header === undefined ? 'Authentication required: send Authorization: Bearer <token>' : 'Invalid bearer token');
    }
    if (!roleAllows(principal.role, access)) {
      throw new ServiceError('forbidden', `Permission denied: token '${principal.name}' has the ${principal.role} role; this needs ${access}`);
    }
    request.principal = principal;
  });
}

/**
 * `GET /whoami`: the name and role of the token a request carries (never the token), and whether this
 * service checks tokens at all. The console asks each service at sign-in, to refuse a token no service
 * knows and to offer only what the token's role allows (the service still decides every request).
 */
export function installWhoami(app: FastifyInstance, tokens: TokenTable): void {
  app.get('/whoami', { config: { access: 'read' } }, async (request) => ({ name: request.principal.name, role: request.principal.role, authentication: tokens.size > 0 }));
}
