import { useState } from 'preact/hooks';
import { MetricChart, type XAxis } from './MetricChart';

/** Charts drawn at first: each is a request and a canvas; a run logging hundreds of metrics shows the rest on demand. */
export const FIRST_CHARTS = 24;

/** One chart per metric key, the runs' lines in each (`runs` must keep its identity between renders). */
export function MetricCharts({ keys, runs, xAxis }: { keys: readonly string[]; runs: readonly { id: string; label: string }[]; xAxis: XAxis }) {
  const [all, setAll] = useState(false);
  const shown = all ? keys : keys.slice(0, FIRST_CHARTS);
  if (keys.length === 0) return <p class="muted">No metrics logged.</p>;
  return (
    <>
      <div class="grid">
        {shown.map((key) => (
          <MetricChart key={key} metricKey={key} runs={runs} xAxis={xAxis} />
        ))}
      </div>
      {shown.length < keys.length && (
        <p>
          <button type="button" class="secondary" onClick={() => setAll(true)}>
            Show all {keys.length} metrics
          </button>
        </p>
      )}
    </>
  );
}
