import { join } from 'node:path';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { dashboardConfigMapOfFile } from '../monitoring/dashboards';

/** The GPU dashboard's JSON file (edit it in Grafana, export, paste). */
export const GPU_DASHBOARD_FILE = join(__dirname, 'dashboards', 'plinth-gpu.json');

/**
 * The "Plinth / GPUs" dashboard (GPU nodes up, idle GPUs, utilisation, memory, XID errors) as a
 * ConfigMap the Grafana sidecar of the monitoring stack loads: create it in the monitoring namespace
 * with the monitoring stack's labels, as `Monitoring` does for its own dashboards.
 */
export function gpuDashboardConfigMap(namespace: string, labels: Readonly<Record<string, string>>): ConfigMap {
  return dashboardConfigMapOfFile(GPU_DASHBOARD_FILE, 'plinth-gpu', namespace, labels);
}
