import { Construct } from 'constructs';
import type { Grantee, OnlineCache } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';
import type { GcpNetwork } from './vpc-network';

export interface MemorystoreCacheProps {
  readonly project: string;
  readonly region: string;
  readonly name: string;
  readonly network: GcpNetwork;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** The cache's size class as the config names it (GCP: a memory size in GB, e.g. "1"; see the defaults table). */
  readonly tier: string;
  /** `STANDARD_HA` (a replica in another zone with automatic failover) instead of `BASIC`. */
  readonly highlyAvailable: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** Memorystore for Redis: AUTH, in-transit encryption, CMEK, private service access, STANDARD_HA when HA. */
export class MemorystoreCache extends Construct implements OnlineCache {
  readonly host = '';
  readonly port = 6378;
  readonly tls = true as const;
  readonly cacheName = '';

  constructor(scope: Construct, id: string, readonly props: MemorystoreCacheProps) {
    super(scope, id);
    throw new Error(`MemorystoreCache ${this.node.path}: not built yet`);
  }

  grantConnect(_grantee: Grantee, _user: string): string {
    throw new Error('not built yet');
  }
}
