import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { DatabaseLogin, Grantee, MetadataDatabase } from '../kit';
import { AwsAccount } from './account';
import type { AwsEncryptionKey } from './encryption-key';
import { grantToRole, policyNamePart } from './grants';
import { encryptedLogGroup } from './log-group';
import { vpcClientsSecurityGroup } from './vpc-clients-security-group';
import type { VpcNetwork } from './vpc-network';

const POSTGRES_PORT = 5432;
/** Log streams RDS exports to CloudWatch for PostgreSQL. */
const EXPORTED_LOGS = ['postgresql', 'upgrade'] as const;

export interface PostgresDatabaseProps {
  /** RDS instance identifier. */
  readonly identifier: string;
  readonly network: VpcNetwork;
  /** Encrypts storage, the AWS-managed master password secret, Performance Insights and exported logs. */
  readonly key: AwsEncryptionKey;
  /** @default "db.t4g.medium" */
  readonly instanceClass?: string;
  /** @default "16" (AWS picks the current minor and upgrades it) */
  readonly engineMajorVersion?: string;
  /** @default 20 */
  readonly allocatedStorageGb?: number;
  /** Storage autoscaling ceiling. @default 100 */
  readonly maxAllocatedStorageGb?: number;
  /** @default 7 */
  readonly backupRetentionDays?: number;
  /** A synchronous standby in another zone. @default false */
  readonly multiAz?: boolean;
  /** Refuse deletion, and take a final snapshot if deleted anyway. @default true */
  readonly deletionProtection?: boolean;
  /** Initial database name. @default "plinth" */
  readonly databaseName?: string;
  /** @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * PostgreSQL for tracking, registry and drift reports. Private subnets only and reachable only from
 * inside the VPC; storage encrypted with the platform key; TLS required (`rds.force_ssl`); IAM
 * authentication on; the master password generated and rotated by AWS in Secrets Manager, so it
 * never appears in code or Terraform state.
 */
export class PostgresDatabase extends Construct implements MetadataDatabase {
  readonly instance: DbInstance;
  readonly securityGroup: SecurityGroup;
  readonly endpoint: string;
  readonly port = POSTGRES_PORT;
  readonly databaseName: string;
  /** ARN of the Secrets Manager secret in which RDS keeps the generated master credentials. */
  readonly adminSecretId: string;
  readonly bootstrapServerArgs: readonly string[];
  readonly key: AwsEncryptionKey;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const engineMajorVersion = props.engineMajorVersion ?? '16';
    const allocated = props.allocatedStorageGb ?? 20;
    const maxAllocated = props.maxAllocatedStorageGb ?? 100;
    if (allocated > maxAllocated) {
      throw new Error(`PostgresDatabase ${this.node.path}: allocatedStorageGb (${allocated}) must not exceed maxAllocatedStorageGb (${maxAllocated})`);
    }
    const deletionProtection = props.deletionProtection ?? true;
    this.databaseName = props.databaseName ?? 'plinth';
    this.key = props.key;

    const subnets = new DbSubnetGroup(this, 'SubnetGroup', {
      name: props.identifier,
      description: `Private subnets of ${props.identifier}`,
      subnetIds: props.network.privateSubnets.map((subnet) => subnet.id),
    });
    this.securityGroup = vpcClientsSecurityGroup(this, { name: `${props.identifier}-db`, service: 'PostgreSQL', owner: props.identifier, network: props.network, port: POSTGRES_PORT });
    const parameters = new DbParameterGroup(this, 'Parameters', {
      name: `${props.identifier}-pg${engineMajorVersion}`,
      family: `postgres${engineMajorVersion}`,
      description: `TLS-only PostgreSQL ${engineMajorVersion} for ${props.identifier}`,
      parameter: [
        { name: 'rds.force_ssl', value: '1' },
        { name: 'log_connections', value: '1' },
        { name: 'log_disconnections', value: '1' },
      ],
    });
    const logGroups = EXPORTED_LOGS.map((log) =>
      encryptedLogGroup(this, `LogGroup-${log}`, {
        name: `/aws/rds/instance/${props.identifier}/${log}`,
        key: props.key,
        retentionDays: props.logRetentionDays,
      }),
    );

    this.instance = new DbInstance(this, 'Resource', {
      identifier: props.identifier,
      engine: 'postgres',
      engineVersion: engineMajorVersion,
      instanceClass: props.instanceClass ?? 'db.t4g.medium',
      allocatedStorage: allocated,
      maxAllocatedStorage: maxAllocated,
      storageType: 'gp3',
      storageEncrypted: true,
      kmsKeyId: props.key.arn,
      dbName: this.databaseName,
      username: 'plinth_admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.key.arn,
      iamDatabaseAuthenticationEnabled: true,
      publiclyAccessible: false,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      multiAz: props.multiAz ?? false,
      backupRetentionPeriod: props.backupRetentionDays ?? 7,
      copyTagsToSnapshot: true,
      deletionProtection,
      skipFinalSnapshot: !deletionProtection,
      finalSnapshotIdentifier: deletionProtection ? `${props.identifier}-final` : undefined,
      autoMinorVersionUpgrade: true,
      enabledCloudwatchLogsExports: [...EXPORTED_LOGS],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.key.arn,
      dependsOn: logGroups,
    });
    this.endpoint = this.instance.address;
    this.adminSecretId = this.instance.masterUserSecret.get(0).secretArn;
    this.bootstrapServerArgs = ['--admin-secret', this.adminSecretId, '--host', this.endpoint, '--port', String(this.port)];
  }

  /** Lets `grantee` log in as `dbUser` with IAM authentication (a 15-minute token instead of a password). */
  grantConnect(grantee: Grantee, dbUser: string): DatabaseLogin {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbUser)) {
      throw new Error(
        `PostgresDatabase ${this.node.path}: dbUser "${dbUser}" must be a lower-case PostgreSQL role name (letters, digits, _; at most 63; not starting with a digit)`,
      );
    }
    const account = AwsAccount.of(this);
    // rds-db ARNs name the instance by its immutable resource id (db-XXXX), not its identifier.
    const dbUserArn = account.arn('rds-db', account.region, `dbuser:${this.instance.resourceId}/${dbUser}`);
    grantToRole(this, grantee, `${policyNamePart(this.node.id)}-connect-as-${policyNamePart(dbUser)}`, [
      { Effect: 'Allow', Action: 'rds-db:connect', Resource: dbUserArn },
    ]);
    // verify-full: the token is a credential for 15 minutes and must reach only this server (the image trusts RDS's CA).
    return { user: dbUser, iamAuth: 'aws', url: (database) => `postgres://${dbUser}@${this.endpoint}:${this.port}/${database}?sslmode=verify-full` };
  }

  /** Lets `grantee` read the master credentials from Secrets Manager: only the job that creates each service's role needs them. */
  grantAdminCredentials(grantee: Grantee): void {
    const account = AwsAccount.of(this);
    grantToRole(this, grantee, `${policyNamePart(this.node.id)}-read-admin-credentials`, [
      { Sid: 'ReadTheMasterSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: this.adminSecretId },
      {
        Sid: 'DecryptItThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: this.key.arn,
        Condition: {
          StringEquals: { 'kms:ViaService': account.viaService('secretsmanager'), 'kms:EncryptionContext:SecretARN': this.adminSecretId },
        },
      },
    ]);
  }
}
