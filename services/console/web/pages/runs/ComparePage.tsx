import { useMemo, useState } from 'preact/hooks';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber } from '../../format';
import type { PageProps } from '../../router';
import { type XAxis, XAxisPicker } from './MetricChart';
import { MetricCharts } from './MetricCharts';
import { MAX_COMPARED, MIN_COMPARED } from './compare-limits';
import { StatusBadge } from './StatusBadge';
import { getRun, metricNumber, type Run, runLabel } from './tracking-api';
import './runs.css';

/** 2 to 5 runs side by side (`#/compare?runs=<id>,<id>`): a chart per metric with a line per run, then params and latest metrics. */
export function ComparePage({ query }: PageProps) {
  const ids = useMemo(() => [...new Set((query.get('runs') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))], [query]);
  const runs = useAsync(() => Promise.all(ids.map(getRun)), [ids.join(',')]);
  const [xAxis, setXAxis] = useState<XAxis>('step');
  const lines = useMemo(() => distinctLabels(runs.data ?? []), [runs.data]);
  const keys = useMemo(() => [...new Set((runs.data ?? []).flatMap((run) => (run.data.metrics ?? []).map((metric) => metric.key)))].sort(), [runs.data]);

  if (ids.length < MIN_COMPARED || ids.length > MAX_COMPARED) {
    return (
      <>
        <h1>Compare runs</h1>
        <p role="alert" class="notice error">
          Compare {MIN_COMPARED} to {MAX_COMPARED} runs; this link names {ids.length}. <a href="#/runs">Pick runs to compare</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Compare runs</h1>
      {runs.error !== undefined && <ErrorNotice error={runs.error} />}
      {!runs.data && runs.error === undefined && <Loading what="the runs" />}
      {runs.data && (
        <>
          <p>
            {lines.map((line, index) => (
              <span key={line.id}>
                {index > 0 && ', '}
                <a href={`#/runs/${encodeURIComponent(line.id)}`}>{line.label}</a> <StatusBadge status={runs.data![index]!.info.status} />
              </span>
            ))}
          </p>
          <h2>Metrics</h2>
          <XAxisPicker value={xAxis} onChange={setXAxis} />
          <MetricCharts keys={keys} runs={lines} xAxis={xAxis} />
          <h2>Details</h2>
          <SideBySide runs={runs.data} labels={lines.map((line) => line.label)} />
        </>
      )}
    </>
  );
}

/** Chart labels are run names; two runs of the same name are told apart by the start of their ids. */
function distinctLabels(runs: readonly Run[]): { id: string; label: string }[] {
  const names = runs.map(runLabel);
  return runs.map((run, index) => ({
    id: run.info.run_id,
    label: names.filter((name) => name === names[index]).length > 1 ? `${names[index]} (${run.info.run_id.slice(0, 8)})` : names[index]!,
  }));
}

/** Status, params and latest metrics in a column per run; rows whose values differ are marked. */
function SideBySide({ runs, labels }: { runs: readonly Run[]; labels: readonly string[] }) {
  const paramKeys = [...new Set(runs.flatMap((run) => (run.data.params ?? []).map((param) => param.key)))].sort();
  const metricKeys = [...new Set(runs.flatMap((run) => (run.data.metrics ?? []).map((metric) => metric.key)))].sort();
  const param = (run: Run, key: string) => run.data.params?.find((item) => item.key === key)?.value;
  const metric = (run: Run, key: string) => {
    const value = run.data.metrics?.find((item) => item.key === key)?.value;
    return value === undefined ? undefined : formatNumber(metricNumber(value));
  };
  const header = (
    <thead>
      <tr>
        <th scope="col">Name</th>
        {labels.map((label) => (
          <th scope="col" key={label}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
  const row = (key: string, values: (string | undefined)[]) => {
    const differs = new Set(values).size > 1;
    return (
      <tr key={key}>
        <th scope="row">
          {key}
          {differs && <span class="visually-hidden"> (differs)</span>}
        </th>
        {values.map((value, index) => (
          <td key={index} class={`value${differs ? ' differs' : ''}`}>
            {value ?? '–'}
          </td>
        ))}
      </tr>
    );
  };
  return (
    <>
      <div class="table-wrap">
        <table class="data">
          <caption>Parameters</caption>
          {header}
          <tbody>
            {paramKeys.map((key) => row(key, runs.map((run) => param(run, key))))}
          </tbody>
        </table>
      </div>
      <div class="table-wrap">
        <table class="data">
          <caption>Latest metrics</caption>
          {header}
          <tbody>{metricKeys.map((key) => row(key, runs.map((run) => metric(run, key))))}</tbody>
        </table>
      </div>
    </>
  );
}
