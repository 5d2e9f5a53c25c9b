import type { ServiceName } from './api';

export type Role = 'read' | 'write' | 'approve';

/** What the console knows of the signed-in token at each service (`GET /console/api/session`). */
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

export interface Session {
  /** The token's name (never the token). */
  readonly user: string;
  readonly expires_at: string;
  readonly services: Record<ServiceName, ServiceAccess>;
}

export function serviceRole(session: Session, service: ServiceName): Role | null {
  return session.services[service]?.role ?? null;
}

/** Whether the page offers Approve/Reject; the gates service decides regardless. */
export function canApprove(session: Session): boolean {
  const gates = session.services.gates;
  return gates !== undefined && gates.authentication && gates.role === 'approve';
}
