import type uPlot from 'uplot';
import { formatNumber } from '../format';
import { useUPlot } from './use-uplot';

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly ChartPoint[];
}

export interface LineChartProps {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** `time`: x values are epoch milliseconds. */
  readonly xKind: 'step' | 'time' | 'value';
  /** @default - "Step", "Time" or none */
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Drawn as dashed horizontal lines across the chart, listed in the legend. */
  readonly thresholds?: readonly { readonly label: string; readonly value: number }[];
  /** @default 260 */
  readonly height?: number;
}

/**
 * Colours for up to eight lines, each with at least 3:1 contrast against the white background
 * (WCAG 1.4.11 for graphics); series beyond eight reuse them with a dash.
 */
export const SERIES_COLOURS = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0f766e', '#a16207', '#be185d'];
const THRESHOLD_COLOUR = '#4b5563';
const NO_THRESHOLDS: LineChartProps['thresholds'] = [];

/**
 * A line chart drawn by uPlot on a canvas: fast enough for the thousands of points a downsampled
 * metric history brings. The chart is redrawn when `series` or `thresholds` change identity: memoize them
 * (useMemo) in the page. The figure is marked `data-drawn` once uPlot has drawn the current data, which
 * the browser tests and the bench wait for.
 */
export function LineChart({ title, series, xKind, xLabel, yLabel, thresholds = NO_THRESHOLDS!, height = 260 }: LineChartProps) {
  const { container, figure } = useUPlot(
    () => ({
      data: alignedData(series, thresholds),
      options: {
        ms: xKind === 'time' ? 1 : 1e-3,
        scales: { x: { time: xKind === 'time' } },
        axes: [
          { label: xLabel ?? (xKind === 'step' ? 'Step' : xKind === 'time' ? 'Time' : undefined), stroke: '#374151', grid: { stroke: '#e5e7eb' } },
          { label: yLabel, stroke: '#374151', grid: { stroke: '#e5e7eb' }, values: (_chart, ticks) => ticks.map((tick) => formatNumber(tick)) },
        ],
        series: [
          { label: xKind === 'time' ? 'Time' : (xLabel ?? 'Step') },
          ...series.map((line, index) => ({
            label: line.label,
            stroke: SERIES_COLOURS[index % SERIES_COLOURS.length],
            width: 2,
            dash: index >= SERIES_COLOURS.length ? [6, 3] : undefined,
            spanGaps: true,
            points: { show: line.points.length < 60 },
            value: (_chart: uPlot, value: number | null) => formatNumber(value),
          })),
          ...thresholds.map((threshold) => ({ label: threshold.label, stroke: THRESHOLD_COLOUR, width: 1.5, dash: [8, 4], points: { show: false }, value: () => formatNumber(threshold.value) })),
        ],
        legend: { live: true },
      },
    }),
    height,
    [series, thresholds, xKind, xLabel, yLabel],
  );

  const points = series.reduce((sum, line) => sum + line.points.length, 0);
  const described = `${title}: ${series.length === 1 ? 'one line' : `${series.length} lines`} (${series.map((line) => line.label).join(', ')}), ${points} points${thresholds.length > 0 ? `, thresholds ${thresholds.map((threshold) => `${threshold.label} ${formatNumber(threshold.value)}`).join(', ')}` : ''}`;
  return (
    <figure class="chart" ref={figure} data-points={points}>
      <figcaption>{title}</figcaption>
      {points === 0 ? <p class="muted">No points yet.</p> : <div ref={container} role="img" aria-label={described} class="chart-canvas" />}
    </figure>
  );
}

/**
 * uPlot wants one shared x array and a y array per line: the lines' x values are merged (sorted,
 * unique) and each line gets null where it has no point; thresholds are constant lines over that range.
 */
function alignedData(series: readonly ChartSeries[], thresholds: readonly { value: number }[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((line) => line.points.map((point) => point.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, position) => [x, position]));
  const lines = series.map((line) => {
    const ys: (number | null)[] = new Array(xs.length).fill(null);
    for (const point of line.points) ys[index.get(point.x)!] = Number.isFinite(point.y) ? point.y : null;
    return ys;
  });
  return [xs, ...lines, ...thresholds.map((threshold) => xs.map(() => threshold.value))] as uPlot.AlignedData;
}
