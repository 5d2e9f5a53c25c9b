import { Construct } from 'constructs';
import type { Grantee, MetadataDatabase } from '../kit';
import type { GcpEncryptionKey } from './encryption-key';
import type { ProjectServices } from './project-services';
import type { GcpNetwork } from './vpc-network';

export interface CloudSqlDatabaseProps {
  readonly project: string;
  readonly region: string;
  /** Instance name: `<platform>-<environment>-metadata`. */
  readonly name: string;
  readonly network: GcpNetwork;
  readonly key: GcpEncryptionKey;
  readonly services: ProjectServices;
  /** A Cloud SQL tier (`db-custom-2-7680`). */
  readonly tier: string;
  readonly diskSizeGb: number;
  /** The disk grows automatically up to this size. */
  readonly maxDiskSizeGb: number;
  readonly backupRetentionDays: number;
  /** `REGIONAL` availability (a standby in another zone). */
  readonly highlyAvailable: boolean;
  readonly deletionProtection: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** Cloud SQL for PostgreSQL: private IP only, SSL required, IAM database authentication, backups with PITR, CMEK. */
export class CloudSqlDatabase extends Construct implements MetadataDatabase {
  readonly endpoint = '';
  readonly port = 5432;
  readonly databaseName = '';
  readonly adminSecretId = '';

  constructor(scope: Construct, id: string, readonly props: CloudSqlDatabaseProps) {
    super(scope, id);
    throw new Error(`CloudSqlDatabase ${this.node.path}: not built yet`);
  }

  grantConnect(_grantee: Grantee, _dbUser: string): void {
    throw new Error('not built yet');
  }

  grantAdminCredentials(_grantee: Grantee): void {
    throw new Error('not built yet');
  }
}
