import { useMemo, useState } from 'preact/hooks';
import { LineChart } from '../../components/LineChart';
import { ErrorNotice, Loading, useAsync } from '../../components/status';
import { formatNumber, formatTime } from '../../format';
import { driftApi, type ReportSummary } from './drift-api';
import { driftShareChart, statisticCharts } from './history-series';

/**
 * The reports of the model's current reference over time: the dataset's drift share against its threshold,
 * and each test's value per column against the column thresholds. The newest page first; older pages on demand.
 */
export function DriftHistory({ model }: { model: string }) {
  const newest = useAsync(() => driftApi.reports(model), [model]);
  const [older, setOlder] = useState<{ reports: readonly ReportSummary[]; nextBefore: number | null; loading: boolean; error?: unknown }>();
  const reports = useMemo(() => [...(newest.data?.reports ?? []), ...(older?.reports ?? [])], [newest.data, older]);
  const shareChart = useMemo(() => driftShareChart(reports), [reports]);
  const testCharts = useMemo(() => statisticCharts(reports), [reports]);

  if (newest.error) return <ErrorNotice error={newest.error} />;
  if (!newest.data) return <Loading what="the report history" />;
  const nextBefore = older ? older.nextBefore : newest.data.next_before;
  const loadOlder = () => {
    if (nextBefore === null) return;
    setOlder({ reports: older?.reports ?? [], nextBefore, loading: true });
    driftApi.reports(model, nextBefore).then(
      (page) => setOlder({ reports: [...(older?.reports ?? []), ...page.reports], nextBefore: page.next_before, loading: false }),
      (error: unknown) => setOlder({ reports: older?.reports ?? [], nextBefore, loading: false, error }),
    );
  };

  return (
    <section aria-labelledby="drift-history">
      <h2 id="drift-history">History</h2>
      {reports.length === 0 ? (
        <p class="notice">No report yet: the drift service computes one once the window of current rows is large enough.</p>
      ) : (
        <>
          <p class="muted">
            {formatNumber(reports.length)} reports of the current reference, from {formatTime(reports[reports.length - 1]!.created_at)} to {formatTime(reports[0]!.created_at)}.
          </p>
          <div class="grid">
            <LineChart title={shareChart.title} series={shareChart.series} thresholds={shareChart.thresholds} xKind="time" yLabel={shareChart.yLabel} />
            {testCharts.map((chart) => (
              <LineChart key={chart.title} title={chart.title} series={chart.series} thresholds={chart.thresholds} xKind="time" yLabel={chart.yLabel} />
            ))}
          </div>
        </>
      )}
      {older?.error ? <ErrorNotice error={older.error} /> : null}
      {nextBefore !== null ? (
        <p>
          <button type="button" class="secondary" disabled={older?.loading} onClick={loadOlder}>
            Load older reports
          </button>
        </p>
      ) : null}
    </section>
  );
}
