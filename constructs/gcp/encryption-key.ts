import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { EncryptionKey, Grantee } from '../kit';
import type { ProjectServices } from './project-services';

export interface GcpEncryptionKeyProps {
  readonly project: string;
  /** Keys are regional: the region of every resource they encrypt. */
  readonly region: string;
  /** `<platform>-<environment>`: names the key ring and the key. */
  readonly name: string;
  readonly services: ProjectServices;
  /** Keep the key from being destroyed (Terraform's prevent_destroy is not used: the plan must show it). */
  readonly deletionProtection: boolean;
}

/** The environment's Cloud KMS key ring and key (rotation at most 90 days), and the CMEK grants of each service agent. */
/** The Google-managed service agents that encrypt with the environment's key on a service's behalf (CMEK). */
export type ServiceAgent = 'storage' | 'cloudsql' | 'artifactregistry' | 'container' | 'compute' | 'redis' | 'secretmanager';

export class GcpEncryptionKey extends Construct implements EncryptionKey {
  /** The crypto key's id, `projects/<p>/locations/<r>/keyRings/<ring>/cryptoKeys/<key>` (a Terraform reference). */
  readonly keyId = '';

  constructor(scope: Construct, id: string, readonly props: GcpEncryptionKeyProps) {
    super(scope, id);
    throw new Error(`GcpEncryptionKey ${this.node.path}: not built yet`);
  }

  grantEncryptDecrypt(_grantee: Grantee): void {
    throw new Error('not built yet');
  }

  /**
   * Lets a service's agent (the storage service account of the project, Cloud SQL's, …) encrypt and decrypt with the
   * key, once per agent; a resource encrypted with the key lists the result in `dependsOn`, or its creation fails.
   */
  grantServiceAgent(_agent: ServiceAgent): ITerraformDependable {
    throw new Error('not built yet');
  }
}
