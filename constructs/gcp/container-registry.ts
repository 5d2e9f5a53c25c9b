import { Construct } from 'constructs';
import type { ContainerRegistry, Grantee } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';

export interface ArtifactRegistryProps {
  readonly project: string;
  readonly region: string;
  readonly namePrefix: string;
  /** One Docker repository per service name. */
  readonly services: readonly string[];
  readonly key: GcpEncryptionKey;
  readonly projectServices: ProjectServices;
  readonly labels: Readonly<Record<string, string>>;
}

/** Artifact Registry Docker repositories, one per service: CMEK, immutable tags, cleanup policies. */
export class ArtifactRegistry extends Construct implements ContainerRegistry {
  readonly repositoryUrls: Readonly<Record<string, string>> = {};

  constructor(scope: Construct, id: string, readonly props: ArtifactRegistryProps) {
    super(scope, id);
    throw new Error(`ArtifactRegistry ${this.node.path}: not built yet`);
  }

  grantPull(_grantee: Grantee): void {
    throw new Error('not built yet');
  }
}
