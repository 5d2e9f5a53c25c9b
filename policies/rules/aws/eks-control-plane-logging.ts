import { fail, pass, resourceRule, unknown } from '../../engine/rule';
import { asStrings, isUnresolved } from '../../engine/values';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export const eksControlPlaneLogging = resourceRule({
  id: 'PLN-AWS-037',
  title: 'EKS clusters log every control plane component',
  severity: 'medium',
  checkov: 'CKV_AWS_37',
  resourceTypes: ['aws_eks_cluster'],
  rationale: 'The audit and authenticator logs say who did what to the cluster; without them an intrusion leaves no trace.',
  remediation: `Set enabled_cluster_log_types = ${JSON.stringify(LOG_TYPES)}.`,
  check(cluster) {
    const value = cluster.values.enabled_cluster_log_types;
    if (isUnresolved(value)) return unknown('enabled_cluster_log_types', 'is only known after apply');
    const enabled = asStrings(value) ?? [];
    const missing = LOG_TYPES.filter((type) => !enabled.includes(type));
    return missing.length === 0 ? pass : fail('enabled_cluster_log_types', `lacks ${missing.join(', ')}`);
  },
});
