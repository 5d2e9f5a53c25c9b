import type { ChartSeries } from '../../components/LineChart';
import type { ReportSummary } from './drift-api';

/** One LineChart's worth of data. */
export interface HistoryChart {
  readonly title: string;
  readonly yLabel: string;
  readonly series: ChartSeries[];
  readonly thresholds: { label: string; value: number }[];
}

const at = (report: ReportSummary) => Date.parse(report.created_at);

/** The dataset's drift share per report, with the share at which the dataset drifts. */
export function driftShareChart(reports: readonly ReportSummary[]): HistoryChart {
  const threshold = reports[0]?.dataset.threshold;
  return {
    title: 'Drift share over time',
    yLabel: 'Share of drifted columns',
    series: [{ label: 'Drift share', points: reports.map((report) => ({ x: at(report), y: report.dataset.drifted_share })) }],
    thresholds: threshold === undefined ? [] : [{ label: 'Dataset threshold', value: threshold }],
  };
}

/**
 * One chart per statistical test, a line per column it judges: the value its threshold applies to (a
 * p-value, drift below; or a distance, drift at or above). Tests do not share a scale, so they do not share
 * a chart. One threshold line when the columns share it, else one per column.
 */
export function statisticCharts(reports: readonly ReportSummary[]): HistoryChart[] {
  const byTest = new Map<string, { hypothesis: boolean; columns: Map<string, { points: { x: number; y: number }[]; threshold: number }> }>();
  for (const report of reports) {
    for (const [column, point] of Object.entries(report.columns)) {
      const test = byTest.get(point.stattest) ?? { hypothesis: point.p_value !== undefined, columns: new Map() };
      byTest.set(point.stattest, test);
      const line = test.columns.get(column) ?? { points: [], threshold: point.threshold };
      test.columns.set(column, line);
      // An infinite statistic (null in JSON) is a gap in the line; its verdict is in the report.
      line.points.push({ x: at(report), y: point.score ?? Number.POSITIVE_INFINITY });
    }
  }
  return [...byTest].map(([stattest, { hypothesis, columns }]) => {
    const lines = [...columns];
    const distinct = new Set(lines.map(([, line]) => line.threshold));
    return {
      title: `${stattest} by column over time`,
      // A p-value drifts below its threshold, a distance at or above it.
      yLabel: hypothesis ? 'p-value' : stattest,
      series: lines.map(([column, line]) => ({ label: column, points: line.points })),
      thresholds: distinct.size === 1 ? [{ label: 'Threshold', value: [...distinct][0]! }] : lines.map(([column, line]) => ({ label: `Threshold of ${column}`, value: line.threshold })),
    };
  });
}
