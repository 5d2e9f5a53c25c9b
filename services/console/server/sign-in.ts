import { ServiceError } from '../../kit/server/errors';
import { CONSOLE_SERVICES, type ConsoleServiceName, type ConsoleServiceUrls, type Role, type ServiceAccess } from './console-services';

const ROLES: readonly Role[] = ['read', 'write', 'approve'];

/** How long a service may take to answer `/whoami` at sign-in before it is shown as unreachable. */
const WHOAMI_TIMEOUT_MS = 5000;

export interface SignInResult {
  readonly user: string;
  readonly services: Record<ConsoleServiceName, ServiceAccess>;
}

/**
 * Checks a token with every configured service's `GET /whoami`. A service that refuses it (401) refuses
 * the sign-in, naming the service; one that does not answer is shown as unreachable and the sign-in goes
 * on, so that one service being down does not lock people out of the others. The user is the name the
 * first service that checks tokens gives; `anonymous` when none does.
 */
export async function signIn(urls: ConsoleServiceUrls, token: string): Promise<SignInResult> {
  const answers = await Promise.all(CONSOLE_SERVICES.map(async (service) => [service, await ask(service, urls[service], token)] as const));
  const refused = answers.filter(([, answer]) => answer.kind === 'refused').map(([service]) => service);
  if (refused.length > 0) {
    throw new ServiceError(
      'unauthenticated',
      token === ''
        ? `The ${refused.join(' and ')} service${refused.length > 1 ? 's need' : ' needs'} a token: sign in with one of PLINTH_TOKENS's tokens`
        : `The ${refused.join(' and ')} service${refused.length > 1 ? 's do' : ' does'} not accept this token`,
    );
  }
  const configured = answers.filter(([, answer]) => answer.kind !== 'not-configured');
  if (configured.length > 0 && configured.every(([, answer]) => answer.kind === 'unreachable')) {
    throw new ServiceError('unavailable', `No service answered to check the token (${configured.map(([service, answer]) => `${service}: ${(answer as { reason: string }).reason}`).join('; ')})`);
  }
  const services = Object.fromEntries(answers.map(([service, answer]) => [service, accessOf(answer)])) as Record<ConsoleServiceName, ServiceAccess>;
  const named = answers.find(([, answer]) => answer.kind === 'accepted' && answer.authentication);
  return { user: named && named[1].kind === 'accepted' ? named[1].name : 'anonymous', services };
}

type WhoamiAnswer =
  | { kind: 'not-configured' }
  | { kind: 'accepted'; name: string; role: Role | null; authentication: boolean }
  | { kind: 'refused' }
  | { kind: 'unreachable'; reason: string };

async function ask(service: ConsoleServiceName, url: string | undefined, token: string): Promise<WhoamiAnswer> {
  if (url === undefined) return { kind: 'not-configured' };
  let response: Response;
  try {
    response = await fetch(new URL('whoami', withSlash(url)), {
      headers: { accept: 'application/json', ...(token === '' ? {} : { authorization: `Bearer ${token}` }) },
      redirect: 'manual',
      signal: AbortSignal.timeout(WHOAMI_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'unreachable', reason: `${service} at ${url}: ${(error as Error).name === 'TimeoutError' ? 'no answer in 5 s' : 'connection failed'}` };
  }
  if (response.status === 401) return { kind: 'refused' };
  if (!response.ok) return { kind: 'unreachable', reason: `${service} answered ${response.status}` };
  const body = (await response.json().catch(() => ({}))) as { name?: unknown; role?: unknown; authentication?: unknown };
  return {
    kind: 'accepted',
    name: typeof body.name === 'string' ? body.name : 'anonymous',
    role: ROLES.includes(body.role as Role) ? (body.role as Role) : null,
    authentication: body.authentication === true,
  };
}

function accessOf(answer: WhoamiAnswer): ServiceAccess {
  switch (answer.kind) {
    case 'not-configured':
      return { configured: false, reachable: false, authentication: false, role: null };
    case 'accepted':
      return { configured: true, reachable: true, authentication: answer.authentication, role: answer.role };
    default:
      return { configured: true, reachable: false, authentication: false, role: null };
  }
}

export function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
