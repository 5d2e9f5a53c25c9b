import { type BinCounts, binCounts } from '../binning';
import type { DatasetInput } from '../compare';
import type { ColumnDriftReport, DriftReport } from '../report';
import { prepareSample } from '../sample';

/** Value charts show the most frequent values only, so that a high-cardinality column stays readable. */
const MAX_BARS = 40;
const CHART_WIDTH = 640;
const CHART_HEIGHT = 150;

/**
 * One self-contained HTML page (no scripts, no external assets): the dataset verdict, then per column its
 * verdict and a chart of reference against current shares over the same bins the statistics use.
 */
export function renderHtmlReport(report: DriftReport, reference: DatasetInput, current: DatasetInput, title: string): string {
  const { dataset } = report;
  const columns = Object.entries(report.columns).sort(([, a], [, b]) => Number(b.drifted) - Number(a.drifted));
  const sections = columns.map(([name, column]) => columnSection(name, column, reference, current));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:720px;color:#222}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin:0}
.verdict{display:inline-block;padding:.1rem .5rem;border-radius:.3rem;font-weight:600}
.drift{background:#fde2e1;color:#a1170f}.stable{background:#dff3e4;color:#1d6b33}
section{border-top:1px solid #ddd;padding:1rem 0}.meta{color:#555}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
</style></head><body>
<h1>${escape(title)}</h1>
<p><span class="verdict ${dataset.drifted ? 'drift' : 'stable'}">${dataset.drifted ? 'Dataset drift' : 'No dataset drift'}</span>
${dataset.drifted_columns} of ${dataset.columns} columns drifted (${(dataset.drifted_share * 100).toFixed(1)}%).</p>
<p class="legend"><span style="background:#4e79a7"></span>reference<span style="background:#f28e2b"></span>current</p>
${sections.join('\n')}
</body></html>
`;
}

function columnSection(name: string, column: ColumnDriftReport, reference: DatasetInput, current: DatasetInput): string {
  const ref = prepareSample(reference.columns[name]).sample;
  const cur = prepareSample(current.columns[name]).sample;
  const pValue = column.p_value === undefined ? '' : `, p = ${formatNumber(column.p_value)}`;
  return `<section>
<h2>${escape(name)} <span class="verdict ${column.drifted ? 'drift' : 'stable'}">${column.drifted ? 'drift' : 'no drift'}</span></h2>
<p class="meta">${column.type}${column.role ? `, ${column.role}` : ''}; ${column.stattest} = ${formatNumber(column.statistic)}${pValue}; threshold ${column.threshold}; ${column.reference_rows} reference and ${column.current_rows} current rows</p>
${chart(binCounts(column.type, ref, cur), ref.size, cur.size)}
</section>`;
}

interface Bar {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
}

function chart(counts: BinCounts, referenceSize: number, currentSize: number): string {
  let bars: Bar[] = Array.from(counts.reference, (count, i) => ({
    label: binLabel(counts, i),
    reference: count / referenceSize,
    current: counts.current[i] / currentSize,
  }));
  let note = '';
  if (bars.length > MAX_BARS) {
    note = `<p class="meta">The ${MAX_BARS} most frequent of ${bars.length} values.</p>`;
    bars = [...bars].sort((a, b) => b.reference + b.current - (a.reference + a.current)).slice(0, MAX_BARS);
  }
  const highest = Math.max(...bars.map((bar) => Math.max(bar.reference, bar.current)), Number.MIN_VALUE);
  const slot = CHART_WIDTH / bars.length;
  const barWidth = Math.max(slot / 2 - 1, 0.5);
  const rects = bars.map((bar, i) => {
    const x = i * slot;
    const refHeight = (bar.reference / highest) * CHART_HEIGHT;
    const curHeight = (bar.current / highest) * CHART_HEIGHT;
    return (
      `<g><title>${escape(bar.label)}: reference ${percent(bar.reference)}, current ${percent(bar.current)}</title>` +
      `<rect x="${x.toFixed(1)}" y="${(CHART_HEIGHT - refHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${refHeight.toFixed(1)}" fill="#4e79a7"/>` +
      `<rect x="${(x + barWidth).toFixed(1)}" y="${(CHART_HEIGHT - curHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${curHeight.toFixed(1)}" fill="#f28e2b"/></g>`
    );
  });
  const first = escape(bars[0].label);
  const last = escape(bars[bars.length - 1].label);
  return `<svg viewBox="0 -4 ${CHART_WIDTH} ${CHART_HEIGHT + 22}" width="100%" role="img" aria-label="reference and current distributions">
${rects.join('\n')}
<text x="0" y="${CHART_HEIGHT + 16}" font-size="11">${first}</text><text x="${CHART_WIDTH}" y="${CHART_HEIGHT + 16}" font-size="11" text-anchor="end">${last}</text>
</svg>${note}`;
}

function binLabel(counts: BinCounts, i: number): string {
  if (counts.bins.kind === 'values') return String(counts.bins.keys[i]);
  return `${formatNumber(counts.bins.edges[i])} – ${formatNumber(counts.bins.edges[i + 1])}`;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e-3 || value === 0 ? Number(value.toPrecision(4)).toString() : value.toExponential(3);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
