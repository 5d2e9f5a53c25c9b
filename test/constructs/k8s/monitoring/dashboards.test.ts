import { readFileSync } from 'node:fs';
import { DASHBOARDS, dashboardFile } from '../../../../constructs/k8s/monitoring/dashboards';
import { knownMetricNames, metricsIn } from './metric-names';

interface Panel {
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: readonly { readonly expr: string }[];
}

describe.each(DASHBOARDS)('the %s dashboard', (name) => {
  const dashboard = JSON.parse(readFileSync(dashboardFile(name), 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { query: { query: string } }[] } };

  it('is JSON whose uid is its name, read-only in Grafana, querying the chart’s Prometheus data source', () => {
    expect(dashboard.uid).toBe(name);
    expect(dashboard).toMatchObject({ editable: false });
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
  });

  it('queries only metrics that Plinth’s services or kube-state-metrics export, in every panel and variable', () => {
    const known = knownMetricNames();
    for (const panel of dashboard.panels) {
      const used = panel.targets.flatMap((target) => metricsIn(target.expr));
      expect({ panel: panel.title, used: used.length > 0 }).toEqual({ panel: panel.title, used: true });
      expect({ panel: panel.title, unknown: used.filter((metric) => !known.has(metric)) }).toEqual({ panel: panel.title, unknown: [] });
    }
    const variables = dashboard.templating.list.flatMap((variable) => metricsIn(variable.query.query));
    expect(variables.filter((metric) => !known.has(metric))).toEqual([]);
  });
});

it('the services dashboard shows request rate, 5xx ratio, p99 latency per service and database connections; the drift one, drift per model, drift share and webhook failures', () => {
  const titles = (name: (typeof DASHBOARDS)[number]) => (JSON.parse(readFileSync(dashboardFile(name), 'utf8')) as { panels: Panel[] }).panels.map((p) => p.title);
  expect(titles('plinth-services')).toEqual(expect.arrayContaining(['Request rate', '5xx ratio', 'p99 latency', 'Database connections']));
  expect(titles('plinth-drift')).toEqual(expect.arrayContaining(['Dataset drift', 'Drift share', 'Retraining webhook failures (1 h)']));
});
