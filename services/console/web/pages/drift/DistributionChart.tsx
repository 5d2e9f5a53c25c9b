import uPlot from 'uplot';
import { SERIES_COLOURS } from '../../components/LineChart';
import { useUPlot } from '../../components/use-uplot';
import { percent } from './DriftVerdict';

export interface DistributionChartProps {
  readonly title: string;
  /** One per bin: the value, "other (N values)", or the interval "a – b". */
  readonly labels: readonly string[];
  /** Share of the reference in each bin (0 to 1). */
  readonly reference: readonly number[];
  /** Share of the current window in each bin (0 to 1). */
  readonly current: readonly number[];
  /** @default 220 */
  readonly height?: number;
}

const REFERENCE_COLOUR = SERIES_COLOURS[0]!;
const CURRENT_COLOUR = SERIES_COLOURS[1]!;
/** Characters of a bin label under its bars; the whole label is in the data table and the legend. */
const MAX_LABEL_CHARACTERS = 12;
/** About the width of one character of uPlot's axis font, and the space kept between labels, in CSS pixels. */
const PIXELS_PER_CHARACTER = 7;
const LABEL_SPACING = 16;

/**
 * Reference against current shares per bin, side by side (uPlot's bars), on one share axis from 0 so that
 * heights compare: the drift service's distribution of one column. The numbers are also in a table under
 * the chart, for screen readers and for reading exact shares.
 */
export function DistributionChart({ title, labels, reference, current, height = 220 }: DistributionChartProps) {
  const { container, figure } = useUPlot(
    () => {
      const indices = labels.map((_, index) => index);
      const highest = Math.max(1e-9, ...reference, ...current);
      const labelWidth = Math.max(...labels.map((label) => shorten(label).length)) * PIXELS_PER_CHARACTER + LABEL_SPACING;
      const bars = (align: -1 | 1) => uPlot.paths.bars!({ align, size: [0.4, 48] });
      const options: Omit<uPlot.Options, 'width' | 'height'> = {
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, highest * 1.1] } },
        axes: [
          {
            stroke: '#374151',
            grid: { show: false },
            splits: () => indices,
            // Every k-th label, k chosen so that the shown ones do not overlap at this width.
            values: (chart, splits) => {
              const every = Math.max(1, Math.ceil((labels.length * labelWidth) / Math.max(chart.bbox.width / uPlot.pxRatio, 1)));
              return splits.map((split, position) => (position % every === 0 ? shorten(labels[split] ?? '') : ''));
            },
          },
          { label: 'Share', stroke: '#374151', grid: { stroke: '#e5e7eb' }, values: (_chart, ticks) => ticks.map((tick) => percent(tick)) },
        ],
        series: [
          { label: 'Bin', value: (_chart, index) => labels[index] ?? '' },
          { label: 'Reference', stroke: REFERENCE_COLOUR, fill: REFERENCE_COLOUR, width: 1, paths: bars(-1), points: { show: false }, value: (_chart, share) => percent(share) },
          { label: 'Current', stroke: CURRENT_COLOUR, fill: CURRENT_COLOUR, width: 1, paths: bars(1), points: { show: false }, value: (_chart, share) => percent(share) },
        ],
        legend: { live: true },
      };
      return { options, data: [indices, [...reference], [...current]] as uPlot.AlignedData };
    },
    height,
    [labels, reference, current],
  );

  const described = `${title}: reference and current shares in ${labels.length === 1 ? 'one bin' : `${labels.length} bins`}`;
  return (
    <figure class="chart distribution" ref={figure} data-bins={labels.length}>
      <figcaption>{title}</figcaption>
      {labels.length === 0 ? <p class="muted">No values to compare.</p> : <div ref={container} role="img" aria-label={described} class="chart-canvas" />}
      <details>
        <summary>Shares per bin</summary>
        <div class="table-wrap">
          <table class="data">
            <caption>{title}: shares per bin</caption>
            <thead>
              <tr>
                <th scope="col">Bin</th>
                <th scope="col" class="number">Reference</th>
                <th scope="col" class="number">Current</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label, index) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td class="number">{percent(reference[index])}</td>
                  <td class="number">{percent(current[index])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function shorten(label: string): string {
  return label.length > MAX_LABEL_CHARACTERS ? `${label.slice(0, MAX_LABEL_CHARACTERS - 1)}…` : label;
}
