import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';
import type { GcpNetwork } from './vpc-network';

/**
 * Where a regional resource of the environment lives and what it is wired to: the project and region, the
 * environment's network and key, and the project services it enables. What the kit gives every construct that sits
 * in the VPC (database, cache, cluster).
 */
export interface RegionalPlacement {
  readonly project: string;
  readonly region: string;
  readonly network: GcpNetwork;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
}
