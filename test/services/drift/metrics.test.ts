import { spawnSync } from 'node:child_process';
import { Registry } from 'prom-client';
import { compareDatasets } from '../../../services/drift/compare';
import { DriftMetrics } from '../../../services/drift/metrics';
import { requireTools } from '../../support/tools';

const range = (n: number, shift = 0) => Float64Array.from({ length: n }, (_, i) => i + shift);
const reference = { columns: { age: range(200), city: Array.from({ length: 200 }, (_, i) => ['a', 'b', 'c'][i % 3]) } };
const drifted = compareDatasets(reference, { columns: { age: range(200, 150), city: reference.columns.city } });
const stable = compareDatasets(reference, reference, { columns: { age: { stattest: 'wasserstein' } } });
/** Two-dimensional query embeddings: the current ones moved by (0.3, 0.4) from the reference, a centroid distance of 0.5. */
const queries = (shift: number) => ({ rows: 200, dimensions: 2, values: Float64Array.from({ length: 400 }, (_, k) => (k % 2 === 0 ? 0.3 : 0.4) * shift + Math.sin(k)) });
const withEmbeddings = compareDatasets({ ...reference, embeddings: { query: queries(0) } }, { ...reference, embeddings: { query: queries(1) } });

/** The value of one series in the exposition text, found by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function exposition(record: (metrics: DriftMetrics) => void): Promise<string> {
  const registry = new Registry();
  record(new DriftMetrics(registry));
  return registry.metrics();
}

describe('DriftMetrics', () => {
  it('exports the latest report: p-values for tests, distances for the others, 0/1 verdicts', async () => {
    const text = await exposition((metrics) => metrics.recordReport('churn', drifted));
    expect(drifted.columns.age.stattest).toBe('ks');
    expect(sample(text, 'plinth_drift_score{model="churn",column="age",stattest="ks"}')).toBe(drifted.columns.age.p_value);
    expect(sample(text, 'plinth_drift_detected{model="churn",column="age"}')).toBe(1);
    expect(sample(text, 'plinth_drift_detected{model="churn",column="city"}')).toBe(0);
    expect(sample(text, 'plinth_dataset_drift_share{model="churn"}')).toBe(0.5);
    expect(sample(text, 'plinth_dataset_drift_detected{model="churn"}')).toBe(1);

    const distance = await exposition((metrics) => metrics.recordReport('churn', stable));
    expect(sample(distance, 'plinth_drift_score{model="churn",column="age",stattest="wasserstein"}')).toBe(stable.columns.age.statistic);
    expect(sample(distance, 'plinth_dataset_drift_detected{model="churn"}')).toBe(0);
  });

  it('stops exporting a column\'s score under a test the latest report no longer uses', async () => {
    const text = await exposition((metrics) => {
      metrics.recordReport('churn', drifted);
      metrics.recordReport('churn', stable);
    });
    expect(sample(text, 'plinth_drift_score{model="churn",column="age",stattest="ks"}')).toBeUndefined();
    expect(sample(text, 'plinth_drift_score{model="churn",column="age",stattest="wasserstein"}')).toBe(stable.columns.age.statistic);
    expect(sample(text, 'plinth_drift_detected{model="churn",column="age"}')).toBe(0);
  });

  it('exports each embedding\'s centroid distance, drifted share and verdict, and stops when a report has it no more', async () => {
    const text = await exposition((metrics) => metrics.recordReport('rag', withEmbeddings));
    expect(sample(text, 'plinth_embedding_drift_centroid_distance{model="rag",embedding="query"}')).toBeCloseTo(0.5, 12);
    expect(sample(text, 'plinth_embedding_drift_share{model="rag",embedding="query"}')).toBe(withEmbeddings.embeddings?.query.drifted_components.share);
    expect(sample(text, 'plinth_embedding_drift_detected{model="rag",embedding="query"}')).toBe(1);

    const replaced = await exposition((metrics) => {
      metrics.recordReport('rag', withEmbeddings);
      metrics.recordReport('rag', stable);
    });
    expect(replaced).not.toContain('embedding="query"');
  });

  it('counts rows and trigger outcomes per model, every outcome from 0', async () => {
    const text = await exposition((metrics) => {
      metrics.recordRows('churn', 120);
      metrics.recordRows('churn', 30);
      metrics.recordRows('fraud', 5);
      metrics.recordTrigger('churn', 'failed');
      metrics.recordTrigger('churn', 'delivered');
      metrics.recordTrigger('churn', 'delivered');
    });
    expect(sample(text, 'plinth_drift_rows_total{model="churn"}')).toBe(150);
    expect(sample(text, 'plinth_drift_rows_total{model="fraud"}')).toBe(5);
    expect(sample(text, 'plinth_drift_retraining_triggers_total{model="churn",outcome="delivered"}')).toBe(2);
    expect(sample(text, 'plinth_drift_retraining_triggers_total{model="churn",outcome="failed"}')).toBe(1);
    expect(sample(text, 'plinth_drift_retraining_triggers_total{model="fraud",outcome="rejected"}')).toBe(0);
  });
});

describe('DriftMetrics exposition: promtool check metrics', () => {
  const tools = requireTools([{ command: 'promtool', install: 'apt-get install prometheus' }]);
  const maybe = tools.available ? it : it.skip;

  maybe('is valid and lint-clean Prometheus text format, with every documented metric', async () => {
    const text = await exposition((metrics) => {
      metrics.recordRows('churn', 200);
      metrics.recordReport('churn', drifted);
      metrics.recordReport('rag', withEmbeddings);
      metrics.recordTrigger('churn', 'delivered');
      // Label values a model or column name may bring: quotes, backslashes, newlines.
      metrics.recordReport('odd"model\\', compareDatasets({ columns: { 'a\nb': range(20) } }, { columns: { 'a\nb': range(20, 1) } }));
    });
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: '' });
    const families = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => `${name} ${type}`);
    expect(families.sort()).toEqual([
      'plinth_dataset_drift_detected gauge',
      'plinth_dataset_drift_share gauge',
      'plinth_drift_detected gauge',
      'plinth_drift_retraining_triggers_total counter',
      'plinth_drift_rows_total counter',
      'plinth_drift_score gauge',
      'plinth_embedding_drift_centroid_distance gauge',
      'plinth_embedding_drift_detected gauge',
      'plinth_embedding_drift_share gauge',
    ]);
  });

  maybe('promtool fails a broken exposition, so the check above can fail', () => {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: '# TYPE plinth_drift_rows counter\nplinth_drift_rows 1\n', encoding: 'utf8' });
    expect(check.status).not.toBe(0);
    expect(check.stdout + check.stderr).toMatch(/should have "_total" suffix/);
  });
});
