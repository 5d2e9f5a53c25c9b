import type { ServiceName } from './api';

// The server's own types (plain types, no Node code): the page and the console server cannot disagree on them.
import type { Role, ServiceAccess } from '../server/console-services';

export type { Role, ServiceAccess };

/** The signed-in session as `GET /console/api/session` answers it. */
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
