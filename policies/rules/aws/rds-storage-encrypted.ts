import { resourceRule } from '../../engine/rule';
import { expectTrue } from '../shared/expect';

export const rdsStorageEncrypted = resourceRule({
  id: 'PLN-AWS-012',
  title: 'RDS instances encrypt storage',
  severity: 'high',
  checkov: 'CKV_AWS_16',
  resourceTypes: ['aws_db_instance'],
  rationale: 'Unencrypted storage leaves the metadata database, its snapshots and its replicas readable by anyone who can copy a snapshot.',
  remediation: 'Set storage_encrypted = true and kms_key_id to a customer-managed key (this replaces an existing instance).',
  check: (db) => expectTrue(db.values, 'storage_encrypted'),
});
