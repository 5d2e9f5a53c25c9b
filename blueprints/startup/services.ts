import type { Capability } from '../capabilities';

/** One of Plinth's services as the startup blueprint runs it. */
export interface PlinthServiceDefinition {
  /** Service name: container repository, Kubernetes names, database role `plinth_<name>`. */
  readonly name: 'tracking' | 'drift';
  /** The capability that switches it on. */
  readonly capability: Capability;
  /** The port its image EXPOSEs (services/Dockerfile). */
  readonly port: number;
  /** Its own database and login role on the metadata database server. */
  readonly database: { readonly name: string; readonly role: string };
  /** The artifact store prefix it reads and writes, when it keeps artifacts. */
  readonly artifactsPrefix?: string;
}

/** The services of the startup blueprint. Gates and inference join with their issues. */
export const STARTUP_SERVICES: readonly PlinthServiceDefinition[] = [
  { name: 'tracking', capability: 'tracking', port: 5000, database: { name: 'tracking', role: 'plinth_tracking' }, artifactsPrefix: 'tracking/' },
  { name: 'drift', capability: 'drift', port: 8090, database: { name: 'drift', role: 'plinth_drift' } },
];

/** The namespace Plinth's services run in. */
export const SERVICES_NAMESPACE = 'plinth';

/** The service account of the job that creates a service's database and role. */
export function bootstrapServiceAccount(service: PlinthServiceDefinition): string {
  return `${service.name}-database-bootstrap`;
}
