import { readFileSync } from 'node:fs';
import { GPU_DASHBOARD_FILE, gpuDashboardConfigMap } from '../../../../constructs/k8s/gpu/gpu-dashboard';
import { gpuAlertRules } from '../../../../constructs/k8s/gpu/gpu-alert-rules';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from '../../../../constructs/k8s/monitoring/stack-values';

interface Panel {
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(readFileSync(GPU_DASHBOARD_FILE, 'utf8')) as { uid: string; editable: boolean; panels: Panel[]; templating: { list: { query: { query: string } }[] } };
const dcgmCountersIn = (expr: string) => [...expr.matchAll(/\b(DCGM_[A-Z0-9_]+)\b/g)].map(([, name]) => name!);

describe('the GPU dashboard', () => {
  it('is JSON whose uid is its name, read-only in Grafana, querying the chart’s Prometheus data source', () => {
    expect(dashboard).toMatchObject({ uid: 'plinth-gpu', editable: false });
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
  });

  it('shows GPU nodes up, idle GPUs, XID errors, utilisation and memory', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual(['GPU nodes up', 'Idle GPUs', 'XID errors (1 h)', 'GPU utilisation', 'GPU memory used']);
  });

  it('queries, in every panel and variable, only DCGM counters the alerts also read (the exporter’s defaults)', () => {
    const alertCounters = new Set((gpuAlertRules().spec.groups ?? []).flatMap((group) => group.rules ?? []).flatMap((rule) => dcgmCountersIn(String(rule.expr))));
    for (const panel of dashboard.panels) {
      const used = panel.targets.flatMap((target) => dcgmCountersIn(target.expr));
      expect({ panel: panel.title, unknown: used.filter((name) => !alertCounters.has(name)), used: used.length > 0 }).toEqual({ panel: panel.title, unknown: [], used: true });
    }
    expect(dashboard.templating.list.flatMap((variable) => dcgmCountersIn(variable.query.query)).filter((name) => !alertCounters.has(name))).toEqual([]);
  });

  it('becomes a ConfigMap for Grafana’s sidecar in the folder Plinth, that validates', () => {
    const map = gpuDashboardConfigMap('plinth-monitoring', { 'app.kubernetes.io/part-of': 'plinth' });
    expect(() => map.validate()).not.toThrow();
    expect(map.metadata).toMatchObject({
      name: 'plinth-gpu-dashboard',
      namespace: 'plinth-monitoring',
      labels: { 'app.kubernetes.io/part-of': 'plinth', [DASHBOARD_LABEL.name]: DASHBOARD_LABEL.value },
      annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'Plinth' },
    });
    expect(JSON.parse(map.data!['plinth-gpu.json']!)).toEqual(dashboard);
  });
});
