import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'plinth_console_session';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it,
 * which with the Origin check keeps other sites from acting as the user), Path=/, and Secure whenever
 * the browser reached the console over HTTPS (directly or through a proxy that says so). Its Max-Age is
 * the session's absolute end; the server ends it earlier when idle.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${id}; ${attributes(request)}; Max-Age=${maxAgeSeconds}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${attributes(request)}; Max-Age=0`);
}

/** The cookie's value, if the request has it. Hand-parsed: one cookie of our own, no package needed for it. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

function attributes(request: FastifyRequest): string {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  return `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/**
 * Whether a state-changing request comes from the console's own page. Browsers send `Origin` (and
 * `Sec-Fetch-Site`) on every cross-site POST; a request with neither is not from a browser page, so no
 * other site can be behind it.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const forwarded = request.headers['x-forwarded-proto'] === 'https' ? 'https' : request.protocol;
  return origin === `${request.protocol}://${request.host}` || origin === `${forwarded}://${request.host}`;
}
