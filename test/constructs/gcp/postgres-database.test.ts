import { TerraformOutput, type TerraformStack } from 'cdktf';
import { CloudSqlDatabase, type CloudSqlDatabaseProps } from '../../../constructs/gcp/postgres-database';
import type { DatabaseLogin } from '../../../constructs/kit';
import { only, refTo, resourcesOf, synthGcpStack } from '../../support/construct-synth';
import type { StackJson } from '../../support/synth';
import { gcpPackFindings, TEST_PROJECT, TEST_REGION, testFoundation, testGrantee } from './support';

function databaseIn(stack: TerraformStack, props: Partial<CloudSqlDatabaseProps> = {}): CloudSqlDatabase {
  const { services, key, network } = testFoundation(stack);
  return new CloudSqlDatabase(stack, 'Database', {
    project: TEST_PROJECT,
    region: TEST_REGION,
    name: 'acme-dev-metadata',
    network: network(),
    key,
    services,
    tier: 'db-custom-2-7680',
    diskSizeGb: 20,
    maxDiskSizeGb: 100,
    backupRetentionDays: 7,
    highlyAvailable: false,
    deletionProtection: true,
    labels: { environment: 'dev', 'cost-center': 'ml' },
    ...props,
  });
}

const instanceOf = (stack: StackJson) => only(stack, 'google_sql_database_instance');
const flagsOf = (instance: Record<string, any>) => Object.fromEntries(instance.settings.database_flags.map((flag: { name: string; value: string }) => [flag.name, flag.value]));

describe('CloudSqlDatabase', () => {
  let made!: CloudSqlDatabase;
  let logins: { tracking?: DatabaseLogin; again?: DatabaseLogin; registry?: DatabaseLogin } = {};
  const stack = synthGcpStack((s) => {
    made = databaseIn(s);
    const tracking = testGrantee(s, 'tracking');
    const registry = testGrantee(s, 'registry');
    const bootstrap = testGrantee(s, 'tracking-database-bootstrap');
    const login = made.grantConnect(tracking.grantee, 'plinth_tracking');
    logins = { tracking: login, again: made.grantConnect(tracking.grantee, 'plinth_tracking'), registry: made.grantConnect(registry.grantee, 'plinth_registry') };
    made.grantAdminCredentials(bootstrap.grantee);
    new TerraformOutput(s, 'trackingUser', { value: login.user });
    new TerraformOutput(s, 'trackingUrl', { value: login.url('tracking') });
    new TerraformOutput(s, 'endpoint', { value: made.endpoint });
    new TerraformOutput(s, 'adminSecretId', { value: made.adminSecretId });
    new TerraformOutput(s, 'bootstrapServerArgs', { value: made.bootstrapServerArgs });
  });
  const instance = instanceOf(stack);
  const outputs = () => (stack as { output: Record<string, { value: string }> }).output;

  it('runs the newest PostgreSQL major the rule pack accepts, in the region, on the Enterprise edition a custom tier needs', () => {
    expect(instance).toMatchObject({ database_version: 'POSTGRES_18', region: TEST_REGION, project: TEST_PROJECT, name: 'acme-dev-metadata' });
    expect(instance.settings).toMatchObject({ tier: 'db-custom-2-7680', edition: 'ENTERPRISE' });
    const plus = instanceOf(synthGcpStack((s) => databaseIn(s, { tier: 'db-perf-optimized-N-4', backupRetentionDays: 30 })));
    expect(plus.settings.edition).toBe('ENTERPRISE_PLUS');
    expect(plus.settings.backup_configuration.transaction_log_retention_days).toBe(29);
  });

  it('has a private IP in the environment VPC only, after private services access, and requires TLS', () => {
    expect(instance.settings.ip_configuration).toEqual({
      ipv4_enabled: false,
      private_network: refTo(stack, 'google_compute_network', 'id'),
      ssl_mode: 'ENCRYPTED_ONLY',
      server_ca_mode: 'GOOGLE_MANAGED_CAS_CA',
    });
    expect(instance.settings.ip_configuration.authorized_networks).toBeUndefined();
    expect(instance.depends_on).toContain(`google_service_networking_connection.${Object.keys(stack.resource!.google_service_networking_connection!)[0]}`);
    expect(outputs().endpoint!.value).toBe(refTo(stack, 'google_sql_database_instance', 'private_ip_address'));
    // The connector's port: the services reach Cloud SQL through Google's connector (mutual TLS on 3307).
    expect(made.port).toBe(3307);
  });

  it('turns IAM database authentication on and logs connections, disconnections, DDL, checkpoints, lock waits and temp files', () => {
    expect(flagsOf(instance)).toEqual({
      'cloudsql.iam_authentication': 'on',
      log_connections: 'on',
      log_disconnections: 'on',
      log_statement: 'ddl',
      log_checkpoints: 'on',
      log_lock_waits: 'on',
      log_temp_files: '0',
    });
  });

  it('takes daily backups with point-in-time recovery, keeping transaction logs one day less than the backups', () => {
    expect(instance.settings.backup_configuration).toEqual({
      enabled: true,
      point_in_time_recovery_enabled: true,
      transaction_log_retention_days: 6,
      backup_retention_settings: { retained_backups: 7, retention_unit: 'COUNT' },
    });
    const long = instanceOf(synthGcpStack((s) => databaseIn(s, { backupRetentionDays: 30 })));
    expect(long.settings.backup_configuration.transaction_log_retention_days).toBe(7);
    expect(long.settings.backup_configuration.backup_retention_settings.retained_backups).toBe(30);
    // One day of recovery needs two backups: a config asking for one backup keeps two.
    const short = instanceOf(synthGcpStack((s) => databaseIn(s, { backupRetentionDays: 1 })));
    expect(short.settings.backup_configuration).toMatchObject({ point_in_time_recovery_enabled: true, transaction_log_retention_days: 1, backup_retention_settings: { retained_backups: 2 } });
  });

  it('is ZONAL unless highly available, then REGIONAL', () => {
    expect(instance.settings.availability_type).toBe('ZONAL');
    expect(instanceOf(synthGcpStack((s) => databaseIn(s, { highlyAvailable: true }))).settings.availability_type).toBe('REGIONAL');
  });

  it('protects itself and keeps its backups when the environment asks, in Terraform and in Cloud SQL', () => {
    expect(instance.deletion_protection).toBe(true);
    expect(instance.settings).toMatchObject({ deletion_protection_enabled: true, retain_backups_on_delete: true });
    const open = instanceOf(synthGcpStack((s) => databaseIn(s, { deletionProtection: false })));
    expect(open.deletion_protection).toBe(false);
    expect(open.settings).toMatchObject({ deletion_protection_enabled: false, retain_backups_on_delete: false });
  });

  it('encrypts with the environment key once the Cloud SQL agent may use it, and enables the Admin API first', () => {
    expect(instance.encryption_key_name).toBe(refTo(stack, 'google_kms_crypto_key', 'id'));
    const agentGrant = Object.keys(stack.resource!.google_kms_crypto_key_iam_member!).find((name) => name.includes('cloudsql'))!;
    expect(instance.depends_on).toContain(`google_kms_crypto_key_iam_member.${agentGrant}`);
    expect(resourcesOf(stack, 'google_project_service').map((service) => service.service)).toContain('sqladmin.googleapis.com');
  });

  it('grows an SSD disk up to the ceiling without Terraform shrinking it back, records query insights, labels the instance', () => {
    expect(instance.settings).toMatchObject({ disk_type: 'PD_SSD', disk_size: 20, disk_autoresize: true, disk_autoresize_limit: 100 });
    expect(instance.lifecycle.ignore_changes).toEqual(['settings[0].disk_size']);
    expect(instance.settings.insights_config).toMatchObject({ query_insights_enabled: true, record_client_address: false });
    expect(instance.settings.user_labels).toEqual({ environment: 'dev', 'cost-center': 'ml' });
  });

  it('creates the plinth database on the instance', () => {
    expect(only(stack, 'google_sql_database')).toMatchObject({ name: 'plinth', instance: refTo(stack, 'google_sql_database_instance', 'name') });
  });

  it('keeps the administrator password out of Terraform: an empty CMEK secret in the region, no version, no root password', () => {
    const secret = only(stack, 'google_secret_manager_secret');
    expect(secret.secret_id).toBe('acme-dev-metadata-admin');
    expect(secret.replication.user_managed.replicas).toEqual([{ location: TEST_REGION, customer_managed_encryption: { kms_key_name: refTo(stack, 'google_kms_crypto_key', 'id') } }]);
    expect(secret.deletion_protection).toBe(true);
    const agentGrant = Object.keys(stack.resource!.google_kms_crypto_key_iam_member!).find((name) => name.includes('secretmanager'))!;
    expect(secret.depends_on).toContain(`google_kms_crypto_key_iam_member.${agentGrant}`);
    expect(resourcesOf(stack, 'google_secret_manager_secret_version')).toHaveLength(0);
    expect(instance.root_password).toBeUndefined();
    expect(resourcesOf(stack, 'google_sql_user').every((user) => user.password === undefined && user.type === 'CLOUD_IAM_SERVICE_ACCOUNT')).toBe(true);
    expect(outputs().adminSecretId!.value).toBe(refTo(stack, 'google_secret_manager_secret', 'id'));
    expect(instance.settings.password_validation_policy).toMatchObject({ enable_password_policy: true, min_length: 16 });
  });

  it("lets only the bootstrap Job read the administrator secret (secretAccessor on that secret) and reach the instance through Google's connector (cloudsql.client, this instance only)", () => {
    const [read, ...others] = resourcesOf(stack, 'google_secret_manager_secret_iam_member');
    expect(others).toHaveLength(0);
    expect(read).toMatchObject({ role: 'roles/secretmanager.secretAccessor', secret_id: refTo(stack, 'google_secret_manager_secret', 'secret_id') });
    expect(read!.member).toContain('bootstrap');
    const projectGrants = resourcesOf(stack, 'google_project_iam_member').filter((grant) => String(grant.member).includes('bootstrap'));
    expect(projectGrants.map((grant) => [grant.role, grant.condition.expression])).toEqual([
      ['roles/cloudsql.client', `resource.name == 'projects/${TEST_PROJECT}/instances/acme-dev-metadata' && resource.type == 'sqladmin.googleapis.com/Instance'`],
    ]);
  });

  it("tells the bootstrap Job to log in through Google's connector to this instance with the login in adminSecretId", () => {
    expect(outputs().bootstrapServerArgs!.value).toEqual([
      '--cloud',
      'gcp',
      '--instance',
      refTo(stack, 'google_sql_database_instance', 'connection_name'),
      '--admin-secret',
      refTo(stack, 'google_secret_manager_secret', 'id'),
    ]);
  });

  it('makes each grantee a Cloud SQL IAM user named after its service account email without .gserviceaccount.com, once', () => {
    const users = resourcesOf(stack, 'google_sql_user');
    expect(users).toHaveLength(2);
    for (const user of users) {
      expect(user).toMatchObject({ type: 'CLOUD_IAM_SERVICE_ACCOUNT', instance: refTo(stack, 'google_sql_database_instance', 'name'), deletion_policy: 'ABANDON' });
      expect(user.name).toMatch(/^\$\{trimsuffix\(google_service_account\.[A-Za-z0-9_-]+\.email, "\.gserviceaccount\.com"\)\}$/);
    }
    expect(new Set(users.map((user) => user.name)).size).toBe(2);
  });

  it("returns that IAM user as the login, and a password-less URL naming the instance for Google's connector", () => {
    const trackingUser = Object.entries(stack.resource!.google_sql_user!).find(([name]) => name.includes('tracking'))![0];
    expect(outputs().trackingUser!.value).toBe(`\${google_sql_user.${trackingUser}.name}`);
    expect(outputs().trackingUrl!.value).toBe(
      `postgres:///tracking?user=\${google_sql_user.${trackingUser}.name}&cloudSqlInstance=\${google_sql_database_instance.${Object.keys(stack.resource!.google_sql_database_instance!)[0]}.connection_name}`,
    );
    expect(logins.tracking!.iamAuth).toBe('gcp');
    expect(logins.again!.user).toBe(logins.tracking!.user);
    expect(logins.registry!.user).not.toBe(logins.tracking!.user);
  });

  it('grants cloudsql.client and cloudsql.instanceUser on the project, conditioned to this instance, per grantee', () => {
    const grants = resourcesOf(stack, 'google_project_iam_member').filter((grant) => !String(grant.member).includes('bootstrap'));
    expect(grants).toHaveLength(4);
    expect(grants.map((grant) => grant.role).sort()).toEqual(['roles/cloudsql.client', 'roles/cloudsql.client', 'roles/cloudsql.instanceUser', 'roles/cloudsql.instanceUser']);
    for (const grant of grants) {
      expect(grant.project).toBe(TEST_PROJECT);
      expect(grant.member).toMatch(/^serviceAccount:\$\{google_service_account\..+\.email\}$/);
      expect(grant.condition.expression).toBe(`resource.name == 'projects/${TEST_PROJECT}/instances/acme-dev-metadata' && resource.type == 'sqladmin.googleapis.com/Instance'`);
    }
  });

  it.each([
    [{ tier: 'db-n1-standard-2' }, 'tier "db-n1-standard-2" is not a Cloud SQL tier for PostgreSQL: use db-custom-<vCPUs>-<memory MiB> (such as "db-custom-2-7680")'],
    [{ tier: 'db.t4g.medium' }, 'tier "db.t4g.medium" is not a Cloud SQL tier for PostgreSQL'],
    [{ diskSizeGb: 5 }, 'diskSizeGb must be a whole number of GB, at least 10 (Cloud SQL\'s minimum), got 5'],
    [{ diskSizeGb: 200, maxDiskSizeGb: 100 }, 'maxDiskSizeGb (100) must be a whole number of GB, at least diskSizeGb (200)'],
    [{ backupRetentionDays: 0 }, "backupRetentionDays must be a whole number of days from 1 to 365 (Cloud SQL's limit), got 0"],
    [{ backupRetentionDays: 400 }, "backupRetentionDays must be a whole number of days from 1 to 365 (Cloud SQL's limit), got 400"],
    [{ name: 'Acme_Dev' }, 'name "Acme_Dev" must be at most 80 lower-case letters, digits and hyphens'],
  ])('refuses %j, naming the construct, the prop and what is valid', (props, message) => {
    expect(() => synthGcpStack((s) => databaseIn(s, props))).toThrow(`CloudSqlDatabase test/Database: ${message}`);
  });

  it('refuses a role name PostgreSQL would fold or refuse, and a grantee of another kit', () => {
    expect(() => synthGcpStack((s) => databaseIn(s).grantConnect(testGrantee(s, 'tracking').grantee, 'Plinth-Tracking'))).toThrow(
      'CloudSqlDatabase test/Database: dbUser "Plinth-Tracking" must be a lower-case PostgreSQL role name',
    );
    expect(() => synthGcpStack((s) => databaseIn(s).grantConnect({ cloud: 'aws', description: 'workload identity tracking (plinth/tracking)' }, 'plinth_tracking'))).toThrow(
      'it was made by the "aws" kit, not by the GCP kit',
    );
  });
  it('passes the GCP rule pack (instance, its secret and grants) with nothing found and nothing undecided', () => {
    expect(gcpPackFindings(stack, 'Database')).toEqual([]);
  });
});
