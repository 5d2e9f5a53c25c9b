import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from './stack-values';

/** Grafana dashboards, one JSON file per capability in dashboards/ (edit them in Grafana, export, paste). */
export const DASHBOARDS = ['plinth-services', 'plinth-drift'] as const;
export type Dashboard = (typeof DASHBOARDS)[number];

/** The dashboard's JSON file. */
export function dashboardFile(dashboard: Dashboard): string {
  return join(__dirname, 'dashboards', `${dashboard}.json`);
}

/** A ConfigMap the Grafana sidecar of kube-prometheus-stack loads the dashboard from, into the folder "Plinth". */
export function dashboardConfigMap(dashboard: Dashboard, namespace: string, labels: Readonly<Record<string, string>>): ConfigMap {
  return dashboardConfigMapOfFile(dashboardFile(dashboard), dashboard, namespace, labels);
}

/** As dashboardConfigMap, for a dashboard file of another capability's folder (constructs/k8s/gpu/dashboards/plinth-gpu.json). */
export function dashboardConfigMapOfFile(file: string, dashboard: string, namespace: string, labels: Readonly<Record<string, string>>): ConfigMap {
  // Parsed and printed again: a file that is not JSON fails synth here, not silently in Grafana.
  const json = JSON.stringify(JSON.parse(readFileSync(file, 'utf8')));
  return new ConfigMap({
    metadata: {
      name: `${dashboard}-dashboard`,
      namespace,
      labels: { ...labels, [DASHBOARD_LABEL.name]: DASHBOARD_LABEL.value },
      annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'Plinth' },
    },
    data: { [`${dashboard}.json`]: json },
  });
}
