import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import type { DatabaseLogin, Grantee, MetadataDatabase } from '../kit';
import { idPart, memberOf, serviceAccountEmailOf } from './grants';
import { OutOfBandSecret } from './out-of-band-secret';
import type { RegionalPlacement } from './regional-placement';

export interface CloudSqlDatabaseProps extends RegionalPlacement {
  /** Instance name: `<platform>-<environment>-metadata`. */
  readonly name: string;
  /** A Cloud SQL tier for PostgreSQL: `db-custom-<vCPUs>-<MiB>`, `db-f1-micro`, `db-g1-small` or `db-perf-optimized-N-<vCPUs>`. */
  readonly tier: string;
  /** At least 10. */
  readonly diskSizeGb: number;
  /** The disk grows automatically up to this size. */
  readonly maxDiskSizeGb: number;
  /** Daily backups kept, 1 to 365 (at least 2 are kept); point-in-time recovery reaches back one day less (at most 7 days, 35 on Enterprise Plus). */
  readonly backupRetentionDays: number;
  /** `REGIONAL` availability (a standby in another zone). */
  readonly highlyAvailable: boolean;
  readonly deletionProtection: boolean;
  /** The instance's user_labels (the provider's default_labels do not reach inside `settings`). */
  readonly labels: Readonly<Record<string, string>>;
}

/** PostgreSQL 18: the only PostgreSQL major PLN-GCP-010 (Checkov CKV_GCP_79) accepts as current. */
const DATABASE_VERSION = 'POSTGRES_18';
/**
 * The port clients reach: Cloud SQL's connector port, where Google's connector (the services' `--database-iam-auth
 * gcp`) opens its mutual-TLS connection with an ephemeral client certificate; PostgreSQL's own 5432 serves only the
 * server-TLS connections nothing of Plinth's makes.
 */
const CONNECTOR_PORT = 3307;
const TIER = /^db-(f1-micro|g1-small|custom-\d+-\d+|perf-optimized-N-\d+)$/;
/** Cloud SQL instance ids: a lower-case letter, then lower-case letters, digits and hyphens. */
const INSTANCE_NAME = /^[a-z]([a-z0-9-]{0,78}[a-z0-9])?$/;
/**
 * Flags beyond the defaults: IAM database authentication, and the logging the GCP rule pack and CIS ask of PostgreSQL
 * (who connected and for how long, schema changes, checkpoints, lock waits, every temporary file).
 */
const DATABASE_FLAGS: Readonly<Record<string, string>> = {
  'cloudsql.iam_authentication': 'on',
  log_connections: 'on',
  log_disconnections: 'on',
  log_statement: 'ddl',
  log_checkpoints: 'on',
  log_lock_waits: 'on',
  log_temp_files: '0',
};
const CLIENT_ROLES = { client: 'roles/cloudsql.client', 'instance-user': 'roles/cloudsql.instanceUser' } as const;

/**
 * Cloud SQL for PostgreSQL: a private IP in the environment's VPC only (no public IP), TLS required, IAM database
 * authentication, daily backups with point-in-time recovery, `REGIONAL` when highly available, deletion protection,
 * the environment's key (CMEK) and query insights.
 *
 * TLS: `ENCRYPTED_ONLY`. Plinth's clients (the services and the bootstrap Job) all go through Google's Cloud SQL
 * connector (port 3307: mutual TLS with an ephemeral client certificate, the server verified by the connector), the
 * services with a short-lived IAM token, the Job with the administrator's password; `ENCRYPTED_ONLY` still lets an
 * operator's `psql` reach the private IP over server-verified TLS on 5432. The server's CA is Google's shared regional
 * hierarchy (`GOOGLE_MANAGED_CAS_CA`) rather than a self-signed CA per instance (`serverCaCertificate`).
 *
 * Administrator credentials: Cloud SQL has no managed master password (RDS's `manage_master_user_password`), and a
 * password Terraform sets or generates lands in state. So the stack makes only an empty Secret Manager secret,
 * `<name>-admin` (`adminSecretId`), and an operator sets the built-in `postgres` user's password (a member of
 * `cloudsqlsuperuser`: CREATEROLE, CREATEDB) and stores it there, once, out of band:
 *
 *     PASSWORD="$(openssl rand -base64 32 | tr -d '\n/+=')"
 *     gcloud sql users set-password postgres --instance=<name> --project=<project> --password="$PASSWORD"
 *     printf '{"username":"postgres","password":"%s"}' "$PASSWORD" | gcloud secrets versions add <name>-admin --project=<project> --data-file=-
 *
 * The value is the JSON the bootstrap Job already reads (`username`, `password`). An IAM login for the Job instead
 * would still need `postgres` once, to grant it `cloudsqlsuperuser`: the password cannot be avoided, only moved.
 *
 * IAM database users: Cloud SQL names a service account's database user after its email without
 * `.gserviceaccount.com` (`tracking@acme-ml-dev.iam`), so the role a service asks for (`plinth_tracking`) cannot be its
 * login. grantConnect makes that IAM user and returns it as the login's user.
 */
export class CloudSqlDatabase extends Construct implements MetadataDatabase {
  readonly instance: SqlDatabaseInstance;
  readonly adminSecret: OutOfBandSecret;
  /** The instance's private IP address: the only address it has. */
  readonly endpoint: string;
  readonly port = CONNECTOR_PORT;
  readonly databaseName: string;
  /** The Secret Manager secret (`projects/<p>/secrets/<name>-admin`) an operator stores the `postgres` login in. */
  readonly adminSecretId: string;
  /** The CA certificate (PEM) clients verify the server's certificate with; public, not a secret. */
  readonly serverCaCertificate: string;
  /** The Job logs in through Google's connector too (port 3307 needs its client certificate), with the `postgres` password. */
  readonly bootstrapServerArgs: readonly string[];
  /** Each grantee's Cloud SQL IAM user name (a Terraform reference). */
  private readonly logins = new Map<Grantee, string>();

  constructor(scope: Construct, id: string, readonly props: CloudSqlDatabaseProps) {
    super(scope, id);
    const where = `CloudSqlDatabase ${this.node.path}`;
    validate(where, props);
    // Enterprise Plus runs only the performance-optimized tiers, and those only run on it.
    const enterprisePlus = props.tier.startsWith('db-perf-optimized-');
    // Cloud SQL refuses transaction logs kept as long as the backups, or longer than its edition allows
    // (terraform-google-modules/terraform-google-sql-db#785, langfuse/langfuse-terraform-gcp#34): one day of
    // point-in-time recovery needs two backups, so a config asking for one keeps two.
    const retainedBackups = Math.max(props.backupRetentionDays, 2);
    const transactionLogRetentionDays = Math.min(retainedBackups - 1, enterprisePlus ? 35 : 7);

    this.instance = new SqlDatabaseInstance(this, 'Resource', {
      project: props.project,
      region: props.region,
      name: props.name,
      databaseVersion: DATABASE_VERSION,
      encryptionKeyName: props.key.keyId,
      deletionProtection: props.deletionProtection,
      settings: {
        tier: props.tier,
        edition: enterprisePlus ? 'ENTERPRISE_PLUS' : 'ENTERPRISE',
        availabilityType: props.highlyAvailable ? 'REGIONAL' : 'ZONAL',
        diskType: 'PD_SSD',
        diskSize: props.diskSizeGb,
        diskAutoresize: true,
        diskAutoresizeLimit: props.maxDiskSizeGb,
        deletionProtectionEnabled: props.deletionProtection,
        // A protected environment's backups outlive a deleted instance, as the AWS kit takes a final snapshot.
        retainBackupsOnDelete: props.deletionProtection,
        userLabels: { ...props.labels },
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: props.network.networkId,
          sslMode: 'ENCRYPTED_ONLY',
          serverCaMode: 'GOOGLE_MANAGED_CAS_CA',
        },
        databaseFlags: Object.entries(DATABASE_FLAGS).map(([name, value]) => ({ name, value })),
        backupConfiguration: {
          enabled: true,
          pointInTimeRecoveryEnabled: true,
          transactionLogRetentionDays,
          backupRetentionSettings: { retainedBackups, retentionUnit: 'COUNT' },
        },
        insightsConfig: { queryInsightsEnabled: true, recordClientAddress: false },
        // For the built-in postgres user, whose password an operator sets.
        passwordValidationPolicy: { enablePasswordPolicy: true, minLength: 16, complexity: 'COMPLEXITY_DEFAULT', disallowUsernameSubstring: true },
        maintenanceWindow: { day: 7, hour: 3, updateTrack: 'stable' },
      },
      // The disk grows by itself: Terraform must not try to shrink it back to diskSizeGb.
      lifecycle: { ignoreChanges: ['settings[0].disk_size'] },
      dependsOn: [props.services.enable('sqladmin.googleapis.com'), props.key.grantServiceAgent('cloudsql'), props.network.privateServicesAccess],
    });
    const database = new SqlDatabase(this, 'Database', { project: props.project, instance: this.instance.name, name: 'plinth' });
    this.adminSecret = new OutOfBandSecret(this, 'AdminSecret', {
      project: props.project,
      region: props.region,
      secretId: `${props.name}-admin`,
      key: props.key,
      services: props.services,
      deletionProtection: props.deletionProtection,
    });
    this.endpoint = this.instance.privateIpAddress;
    this.databaseName = database.name;
    this.adminSecretId = this.adminSecret.secretName;
    this.serverCaCertificate = this.instance.serverCaCert.get(0).cert;
    this.bootstrapServerArgs = ['--cloud', 'gcp', '--instance', this.instance.connectionName, '--admin-secret', this.adminSecretId];
  }

  /**
   * Lets `grantee` log in with IAM database authentication (a one-hour OAuth token as the password, over TLS): makes
   * the Cloud SQL IAM user of its service account, and grants `roles/cloudsql.client` and `roles/cloudsql.instanceUser`.
   * Cloud SQL instances have no IAM policy of their own, so both are project roles, conditioned to this instance
   * (https://github.com/terraform-google-modules/terraform-docs-samples/blob/main/cloud_sql/instance_iam_condition/main.tf).
   *
   * `dbUser` cannot be the login: Cloud SQL names the IAM user `<account>@<project>.iam`, which the returned login's
   * `user` is; its URL names the instance, not a host, since Google's connector finds the instance's private IP and
   * certificate through the Cloud SQL Admin API (`postgres:///tracking?user=<user>&cloudSqlInstance=<p>:<r>:<instance>`,
   * services/kit/database/cloud-sql-url.ts).
   * The bootstrap Job must give the service's database to that user (or grant it `dbUser`): Cloud SQL gives an IAM
   * user no database privileges of its own.
   */
  grantConnect(grantee: Grantee, dbUser: string): DatabaseLogin {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(dbUser)) {
      throw new Error(
        `CloudSqlDatabase ${this.node.path}: dbUser "${dbUser}" must be a lower-case PostgreSQL role name (letters, digits, _; at most 63; not starting with a digit)`,
      );
    }
    const user = this.iamUserOf(grantee);
    for (const name of ['client', 'instance-user'] as const) this.grantInstanceRole(grantee, name);
    // The connector always verifies the server (its certificate names the instance): the token reaches only it.
    return { user, iamAuth: 'gcp', url: (database) => `postgres:///${database}?user=${user}&cloudSqlInstance=${this.instance.connectionName}` };
  }

  /**
   * Lets `grantee` (only the bootstrap Job) read the administrator's login from `adminSecretId` (secretAccessor on
   * that secret) and reach the instance through Google's connector, as `bootstrapServerArgs` has it log in
   * (`roles/cloudsql.client`, conditioned to this instance: the connector's client certificate); no instanceUser,
   * as it logs in with the password.
   */
  grantAdminCredentials(grantee: Grantee): void {
    this.adminSecret.grantRead(grantee);
    this.grantInstanceRole(grantee, 'client');
  }

  /** A project role of CLIENT_ROLES for `grantee`, conditioned to this instance, once per grantee and role. */
  private grantInstanceRole(grantee: Grantee, name: keyof typeof CLIENT_ROLES): void {
    const id = `Grant-${name}-${idPart(grantee.description)}`;
    if (this.node.tryFindChild(id)) return;
    new ProjectIamMember(this, id, {
      project: this.props.project,
      role: CLIENT_ROLES[name],
      member: memberOf(this, grantee),
      condition: {
        title: `${this.props.name} only`,
        expression: `resource.name == 'projects/${this.props.project}/instances/${this.props.name}' && resource.type == 'sqladmin.googleapis.com/Instance'`,
      },
    });
  }

  /** The name of the Cloud SQL IAM user of `grantee`'s service account, made on first use. */
  private iamUserOf(grantee: Grantee): string {
    let login = this.logins.get(grantee);
    if (login === undefined) {
      login = new SqlUser(this, `IamUser-${idPart(grantee.description)}`, {
        project: this.props.project,
        instance: this.instance.name,
        name: Fn.trimsuffix(serviceAccountEmailOf(this, grantee), '.gserviceaccount.com'),
        type: 'CLOUD_IAM_SERVICE_ACCOUNT',
        // PostgreSQL refuses to drop a role that owns objects or holds grants; the IAM grants go with the grant anyway.
        deletionPolicy: 'ABANDON',
      }).name;
      this.logins.set(grantee, login);
    }
    return login;
  }
}

function validate(where: string, props: CloudSqlDatabaseProps): void {
  if (!INSTANCE_NAME.test(props.name)) {
    throw new Error(`${where}: name "${props.name}" must be at most 80 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`);
  }
  if (!TIER.test(props.tier)) {
    throw new Error(
      `${where}: tier "${props.tier}" is not a Cloud SQL tier for PostgreSQL: use db-custom-<vCPUs>-<memory MiB> (such as "db-custom-2-7680"), db-f1-micro, db-g1-small, or db-perf-optimized-N-<vCPUs> (Enterprise Plus)`,
    );
  }
  const { diskSizeGb, maxDiskSizeGb, backupRetentionDays } = props;
  if (!Number.isInteger(diskSizeGb) || diskSizeGb < 10) throw new Error(`${where}: diskSizeGb must be a whole number of GB, at least 10 (Cloud SQL's minimum), got ${diskSizeGb}`);
  if (!Number.isInteger(maxDiskSizeGb) || maxDiskSizeGb < diskSizeGb) {
    throw new Error(`${where}: maxDiskSizeGb (${maxDiskSizeGb}) must be a whole number of GB, at least diskSizeGb (${diskSizeGb})`);
  }
  if (!Number.isInteger(backupRetentionDays) || backupRetentionDays < 1 || backupRetentionDays > 365) {
    throw new Error(`${where}: backupRetentionDays must be a whole number of days from 1 to 365 (Cloud SQL's limit), got ${backupRetentionDays}`);
  }
}
