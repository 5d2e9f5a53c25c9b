import { join } from 'node:path';
import type { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { alertRulesOfFile } from '../monitoring/alert-rules';

/** The GPU alert rule file: the same file `promtool check rules` and `promtool test rules` (rules/gpu.test.yaml) prove. */
export const GPU_ALERT_RULE_FILE = join(__dirname, 'rules', 'gpu.yaml');

/**
 * The GPU alerts (idle GPUs, memory nearly full, XID errors) as a validated PrometheusRule named
 * `plinth-gpu`. Each `runbook_url` is a section of constructs/k8s/gpu/README.md; with `runbookBaseUrl`
 * it becomes a link.
 */
export function gpuAlertRules(runbookBaseUrl?: string): PrometheusRule {
  return alertRulesOfFile(GPU_ALERT_RULE_FILE, 'plinth-gpu', runbookBaseUrl);
}
