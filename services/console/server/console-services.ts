// Plain types and one constant, no Node code: the page (services/console/web) imports them too.

/** The services the console shows, in the order its pages use them. */
export const CONSOLE_SERVICES = ['tracking', 'gates', 'drift', 'inference'] as const;
export type ConsoleServiceName = (typeof CONSOLE_SERVICES)[number];

/** Each service's base URL; a service left out is shown as not configured. */
export type ConsoleServiceUrls = Partial<Record<ConsoleServiceName, string>>;

export type Role = 'read' | 'write' | 'approve';

/** What the signed-in token may do at one service, as that service's `/whoami` said at sign-in. */
export interface ServiceAccess {
  /** The console was given this service's URL. */
  readonly configured: boolean;
  /** It answered when the session was made. */
  readonly reachable: boolean;
  /** The service checks tokens (false: a local service that allows everything). */
  readonly authentication: boolean;
  /** The token's role there; null when not configured or not reachable. */
  readonly role: Role | null;
}
