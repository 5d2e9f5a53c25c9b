import { useMemo } from 'preact/hooks';
import { LineChart } from '../../components/LineChart';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { metricNumber, sampledHistory } from './tracking-api';

export type XAxis = 'step' | 'time';

export interface MetricChartProps {
  /** The metric key: the chart's title. */
  readonly metricKey: string;
  /** The runs drawn, a line each, labelled by `label`. */
  readonly runs: readonly { readonly id: string; readonly label: string }[];
  readonly xAxis: XAxis;
}

/**
 * One metric of one or more runs as a line chart, from the tracking server's downsampled history
 * (get-history-bulk-interval): a run of a million steps costs the browser about a thousand points.
 */
export function MetricChart({ metricKey, runs, xAxis }: MetricChartProps) {
  const ids = runs.map((run) => run.id);
  const history = useAsync(() => sampledHistory(ids, metricKey), [metricKey, ids.join(',')]);
  const series = useMemo(
    () =>
      runs.map((run) => ({
        label: run.label,
        points: (history.data ?? [])
          .filter((point) => point.run_id === run.id)
          .map((point) => ({ x: xAxis === 'step' ? point.step : point.timestamp, y: metricNumber(point.value) }))
          .sort((a, b) => a.x - b.x),
      })),
    [history.data, runs, xAxis],
  );
  if (history.error !== undefined) {
    return (
      <figure class="chart">
        <figcaption>{metricKey}</figcaption>
        <ErrorNotice error={history.error} />
      </figure>
    );
  }
  if (!history.data) {
    return (
      <figure class="chart">
        <figcaption>{metricKey}</figcaption>
        <Loading what={`the history of ${metricKey}`} />
      </figure>
    );
  }
  return <LineChart title={metricKey} series={series} xKind={xAxis} />;
}

/** The radio group choosing what the charts' x axis shows. */
export function XAxisPicker({ value, onChange }: { value: XAxis; onChange: (value: XAxis) => void }) {
  return (
    <fieldset class="x-axis row" role="radiogroup" aria-label="X axis">
      <legend>X axis</legend>
      {(['step', 'time'] as const).map((kind) => (
        <label key={kind} class="choice">
          <input type="radio" name="x-axis" value={kind} checked={value === kind} onChange={() => onChange(kind)} />
          {kind === 'step' ? 'Step' : 'Time'}
        </label>
      ))}
    </fieldset>
  );
}
