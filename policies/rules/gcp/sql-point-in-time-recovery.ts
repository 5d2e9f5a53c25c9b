import { fail, notApplicable, resourceRule, unknown } from '../../engine/rule';
import { isPresent, isUnresolved } from '../../engine/values';
import { expectTrue } from '../shared/expect';

export const sqlPointInTimeRecovery = resourceRule({
  id: 'PLN-GCP-024',
  title: 'Cloud SQL instances take automated backups with point-in-time recovery',
  severity: 'high',
  // Stricter than CKV_GCP_14, which asks for backups only: a nightly backup alone loses up to a day of writes.
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'Without automated backups a deleted or corrupted database is gone; without point-in-time recovery everything written since the last backup is.',
  remediation:
    'Set settings.backup_configuration { enabled = true, point_in_time_recovery_enabled = true } (MySQL: binary_log_enabled = true instead of point_in_time_recovery_enabled).',
  check(instance) {
    // A read replica takes no backups of its own: its primary's backups cover it.
    if (isPresent(instance.values.master_instance_name)) return notApplicable;
    const backups = expectTrue(instance.values, 'settings.backup_configuration.enabled');
    if (backups.status !== 'pass') return backups;
    const version = instance.values.database_version;
    if (isUnresolved(version)) return unknown('database_version', 'is only known after apply');
    if (typeof version !== 'string') return fail('database_version', 'is not set; set it to the engine and version, e.g. "POSTGRES_18"');
    // MySQL recovers to a point in time from its binary log; PostgreSQL and SQL Server from their write-ahead logs.
    return expectTrue(instance.values, version.startsWith('MYSQL') ? 'settings.backup_configuration.binary_log_enabled' : 'settings.backup_configuration.point_in_time_recovery_enabled');
  },
});
