import { Construct } from 'constructs';
import type { ArtifactStore, Grantee } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';

export interface GcsArtifactBucketProps {
  readonly project: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  readonly noncurrentTransitionDays: number;
  readonly noncurrentExpirationDays: number;
  /** Let `terraform destroy` delete a bucket that still holds objects. */
  readonly forceDestroy: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** The artifact store on GCS: uniform access, public access prevention, versioning, CMEK, lifecycle. */
export class GcsArtifactBucket extends Construct implements ArtifactStore {
  readonly uri = '';
  readonly bucketName = '';

  constructor(scope: Construct, id: string, readonly props: GcsArtifactBucketProps) {
    super(scope, id);
    throw new Error(`GcsArtifactBucket ${this.node.path}: not built yet`);
  }

  grantRead(_grantee: Grantee, _prefix?: string): void {
    throw new Error('not built yet');
  }

  grantReadWrite(_grantee: Grantee, _prefix?: string): void {
    throw new Error('not built yet');
  }
}
