/** The services the console shows, in the order its pages use them. */
export const CONSOLE_SERVICES = ['tracking', 'gates', 'drift', 'inference'] as const;
export type ConsoleServiceName = (typeof CONSOLE_SERVICES)[number];

/** Each service's base URL; a service left out is shown as not configured. */
export type ConsoleServiceUrls = Partial<Record<ConsoleServiceName, string>>;

export type Role = 'read' | 'write' | 'approve';

/** What the signed-in token may do at one service, as that service's `/whoami` said at sign-in. */
export interface ServiceAccess {
  readonly configured: boolean;
  readonly reachable: boolean;
  readonly authentication: boolean;
  readonly role: Role | null;
}
