import { formatNumber, formatTime } from '../../format';
import { keyColumns } from './run-columns';
import { StatusBadge } from './StatusBadge';
import { metricNumber, type Run, runLabel } from './tracking-api';

export interface RunsTableProps {
  readonly runs: readonly Run[];
  /** Ids of the runs ticked for comparison (on this page or others). */
  readonly selected: ReadonlySet<string>;
  onToggle(run: Run, selected: boolean): void;
  /** Whether the search was narrowed by a filter (changes the empty message). */
  readonly filtered: boolean;
}

/** One page of runs: name (a link to the run), status, start time, then the most common params and latest metrics. */
export function RunsTable({ runs, selected, onToggle, filtered }: RunsTableProps) {
  const params = keyColumns(runs, (run) => run.data.params);
  const metrics = keyColumns(runs, (run) => run.data.metrics);
  const columns = 4 + params.shown.length + metrics.shown.length;
  return (
    <div class="table-wrap">
      <table class="data">
        <caption>Runs</caption>
        <thead>
          <tr>
            <th scope="col" class="select">
              <span class="visually-hidden">Select</span>
            </th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            {params.shown.map((key) => (
              <th scope="col" key={`p:${key}`} title={`parameter ${key}`}>
                {key}
              </th>
            ))}
            {metrics.shown.map((key) => (
              <th scope="col" key={`m:${key}`} class="number" title={`latest value of metric ${key}`}>
                {key}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 && (
            <tr>
              <td colSpan={columns} class="muted">
                {filtered ? 'No run matches this filter.' : 'No runs in this experiment yet.'}
              </td>
            </tr>
          )}
          {runs.map((run) => {
            const name = runLabel(run);
            const param = (key: string) => run.data.params?.find((item) => item.key === key)?.value;
            const metric = (key: string) => run.data.metrics?.find((item) => item.key === key)?.value;
            return (
              <tr key={run.info.run_id}>
                <td class="select">
                  <input type="checkbox" aria-label={`Select ${name}`} checked={selected.has(run.info.run_id)} onChange={(event) => onToggle(run, event.currentTarget.checked)} />
                </td>
                <td class="run-name">
                  <a href={`#/runs/${encodeURIComponent(run.info.run_id)}`}>{name}</a>
                </td>
                <td>
                  <StatusBadge status={run.info.status} />
                </td>
                <td>{formatTime(run.info.start_time)}</td>
                {params.shown.map((key) => (
                  <td key={`p:${key}`} class="value">
                    {param(key) ?? '–'}
                  </td>
                ))}
                {metrics.shown.map((key) => {
                  const value = metric(key);
                  return (
                    <td key={`m:${key}`} class="number">
                      {value === undefined ? '–' : formatNumber(metricNumber(value))}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(params.hidden > 0 || metrics.hidden > 0) && (
        <p class="muted">
          {[params.hidden > 0 && `${params.hidden} more parameters`, metrics.hidden > 0 && `${metrics.hidden} more metrics`].filter(Boolean).join(' and ')} on this page are
          not shown as columns: open a run to see them all.
        </p>
      )}
    </div>
  );
}
