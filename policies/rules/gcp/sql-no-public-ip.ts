import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { attr, isTrue, isUnresolved } from '../../engine/values';

export const sqlNoPublicIp = resourceRule({
  id: 'PLN-GCP-007',
  title: 'Cloud SQL instances have no public IP',
  severity: 'high',
  checkov: 'CKV_GCP_60',
  resourceTypes: ['google_sql_database_instance'],
  rationale: 'A public IP puts the database login on the internet; authorized networks are the only thing in the way.',
  remediation: 'Set settings.ip_configuration.ipv4_enabled = false and private_network to the platform VPC.',
  check(instance) {
    const enabled = attr(instance.values, 'settings.ip_configuration.ipv4_enabled');
    if (isUnresolved(enabled)) return unknown('settings.ip_configuration.ipv4_enabled', 'is only known after apply');
    return isTrue(enabled) ? fail('settings.ip_configuration.ipv4_enabled', 'is true; set it to false') : pass;
  },
});
