import { readFileSync } from 'node:fs';
import { LLM_DASHBOARD_FILE, llmDashboardConfigMap } from '../../../../constructs/k8s/llm/llm-dashboard';
import { llmSignalRules } from '../../../../constructs/k8s/llm/llm-signal-rules';
import { DASHBOARD_FOLDER_ANNOTATION, DASHBOARD_LABEL } from '../../../../constructs/k8s/monitoring/stack-values';

interface Panel {
  readonly title: string;
  readonly datasource: { readonly uid: string };
  readonly targets: readonly { readonly expr: string }[];
}

const dashboard = JSON.parse(readFileSync(LLM_DASHBOARD_FILE, 'utf8')) as { uid: string; editable: boolean; panels: Panel[]; templating: { list: { query: { query: string } }[] } };
const seriesIn = (expr: string) => [...expr.matchAll(/\b(plinth_llm:[a-z0-9_:]+|vllm:[a-z_]+)/g)].map(([, name]) => name!);
const recorded = new Set(
  (llmSignalRules({ environment: 'dev', models: [{ modelName: 'm', pricePerThousandTokensUsd: 0.001 }] }).spec.groups ?? [])
    .flatMap((group) => group.rules ?? [])
    .flatMap((rule) => (rule.record ? [rule.record] : [])),
);

describe('the LLM dashboard', () => {
  it('is JSON whose uid is its name, read-only in Grafana, querying the chart’s Prometheus data source', () => {
    expect(dashboard).toMatchObject({ uid: 'plinth-llm', editable: false });
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
  });

  it('shows token cost, waiting requests, error ratio, KV-cache use, tokens per second and time to first token', () => {
    expect(dashboard.panels.map((panel) => panel.title)).toEqual([
      'Token cost, last hour (USD)',
      'Requests waiting',
      'Error ratio',
      'KV cache, fullest engine',
      'Tokens per second',
      'Time to first token (p95)',
      'Token cost per hour (USD)',
      'KV-cache use and waiting requests',
    ]);
  });

  it('queries, in every panel and variable, only series the LLM signal rules record', () => {
    for (const panel of dashboard.panels) {
      const used = panel.targets.flatMap((target) => seriesIn(target.expr));
      expect({ panel: panel.title, unknown: used.filter((name) => !recorded.has(name)), used: used.length > 0 }).toEqual({ panel: panel.title, unknown: [], used: true });
    }
    expect(dashboard.templating.list.flatMap((variable) => seriesIn(variable.query.query)).filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('becomes a ConfigMap for Grafana’s sidecar in the folder Plinth, that validates', () => {
    const map = llmDashboardConfigMap('plinth-monitoring', { 'app.kubernetes.io/part-of': 'plinth' });
    expect(() => map.validate()).not.toThrow();
    expect(map.metadata).toMatchObject({
      name: 'plinth-llm-dashboard',
      namespace: 'plinth-monitoring',
      labels: { 'app.kubernetes.io/part-of': 'plinth', [DASHBOARD_LABEL.name]: DASHBOARD_LABEL.value },
      annotations: { [DASHBOARD_FOLDER_ANNOTATION]: 'Plinth' },
    });
    expect(JSON.parse(map.data!['plinth-llm.json']!)).toEqual(dashboard);
  });
});
