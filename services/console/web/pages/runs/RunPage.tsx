import { useMemo, useState } from 'preact/hooks';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatDuration, formatTime } from '../../format';
import type { PageProps } from '../../router';
import { ArtifactsTable } from './ArtifactsTable';
import { KeyValueTable } from './KeyValueTable';
import type { XAxis } from './MetricChart';
import { XAxisPicker } from './MetricChart';
import { MetricCharts } from './MetricCharts';
import { StatusBadge } from './StatusBadge';
import { getExperiment, getRun, type Run, runLabel } from './tracking-api';
import './runs.css';

/** One run (`#/runs/<run id>`): its summary, a chart per metric over steps or time, params, tags and artifacts. */
export function RunPage({ params }: PageProps) {
  const runId = params.runId ?? '';
  const run = useAsync(() => getRun(runId), [runId]);
  const [xAxis, setXAxis] = useState<XAxis>('step');
  const lines = useMemo(() => (run.data ? [{ id: run.data.info.run_id, label: runLabel(run.data) }] : []), [run.data]);
  const keys = useMemo(() => [...new Set((run.data?.data.metrics ?? []).map((metric) => metric.key))].sort(), [run.data]);

  if (run.error !== undefined) {
    return (
      <>
        <h1>Run {runId}</h1>
        <ErrorNotice error={run.error} />
        <p>
          <a href="#/runs">Back to the runs</a>
        </p>
      </>
    );
  }
  if (!run.data) {
    return (
      <>
        <h1>Run {runId}</h1>
        <Loading what="the run" />
      </>
    );
  }
  const { info, data } = run.data;
  return (
    <>
      <h1>{runLabel(run.data)}</h1>
      <Summary run={run.data} />
      <h2>Metrics</h2>
      <XAxisPicker value={xAxis} onChange={setXAxis} />
      <MetricCharts keys={keys} runs={lines} xAxis={xAxis} />
      <h2>Details</h2>
      <div class="grid">
        <KeyValueTable caption="Parameters" items={data.params ?? []} empty="No parameters logged." />
        <KeyValueTable caption="Tags" items={data.tags ?? []} empty="No tags." />
      </div>
      <h2>Files</h2>
      <ArtifactsTable key={info.run_id} run={run.data} />
    </>
  );
}

function Summary({ run }: { run: Run }) {
  const { info } = run;
  // The name is a nicety: until it arrives, or if it cannot, the id stands in.
  const experiment = useAsync(() => getExperiment(info.experiment_id), [info.experiment_id]);
  const ended = info.end_time ?? undefined;
  return (
    <dl class="summary">
      <dt>Run ID</dt>
      <dd>
        <code>{info.run_id}</code>
      </dd>
      <dt>Experiment</dt>
      <dd>
        <a href={`#/runs?experiment=${encodeURIComponent(info.experiment_id)}`}>{experiment.data?.name ?? info.experiment_id}</a>
      </dd>
      <dt>Status</dt>
      <dd>
        <StatusBadge status={info.status} />
      </dd>
      <dt>Started</dt>
      <dd>{formatTime(info.start_time)}</dd>
      <dt>Ended</dt>
      <dd>{formatTime(ended)}</dd>
      <dt>Duration</dt>
      <dd>{info.start_time !== undefined && ended !== undefined ? formatDuration(ended - info.start_time) : '–'}</dd>
      <dt>User</dt>
      <dd>{info.user_id || '–'}</dd>
      <dt>Artifacts at</dt>
      <dd>
        <code>{info.artifact_uri || '–'}</code>
      </dd>
    </dl>
  );
}
