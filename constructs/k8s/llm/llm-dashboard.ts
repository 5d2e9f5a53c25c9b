import { join } from 'node:path';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { dashboardConfigMapOfFile } from '../monitoring/dashboards';

/** The LLM dashboard's JSON file (edit it in Grafana, export, paste). */
export const LLM_DASHBOARD_FILE = join(__dirname, 'dashboards', 'plinth-llm.json');

/**
 * The "Plinth / LLM serving" dashboard (token cost, waiting requests, error ratio, KV-cache use, tokens
 * per second, time to first token, per model) as a ConfigMap the Grafana sidecar of the monitoring
 * stack loads: create it in the monitoring namespace with the monitoring stack's labels. It reads the
 * series llmSignalRules records, so install those rules with it.
 */
export function llmDashboardConfigMap(namespace: string, labels: Readonly<Record<string, string>>): ConfigMap {
  return dashboardConfigMapOfFile(LLM_DASHBOARD_FILE, 'plinth-llm', namespace, labels);
}
