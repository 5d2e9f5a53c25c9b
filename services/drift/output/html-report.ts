import type { DatasetInput } from '../compare';
import type { ColumnDriftReport, DriftReport, EmbeddingDriftReport } from '../report';
import { type ColumnDistribution, type DistributionBar, columnDistribution, formatNumber } from './column-distribution';

/** Characters of a value shown under its bar; the full value is in the bar's tooltip. */
const MAX_LABEL_CHARACTERS = 18;
/** At most this many numbers under a histogram, so that they do not overlap. */
const MAX_EDGE_LABELS = 11;
/** The plot area inside the SVG: room on the left for the share axis, below for the labels. */
const PLOT = { left: 64, top: 8, width: 568, height: 150 } as const;
const LABELS_BELOW = { values: 84, edges: 20 } as const;
const SVG_WIDTH = PLOT.left + PLOT.width + 8;

/**
 * One self-contained HTML page (no scripts, no external assets): the dataset verdict, then per column its
 * verdict and a chart of reference against current shares over the same bins the statistics use.
 */
export function renderHtmlReport(report: DriftReport, reference: DatasetInput, current: DatasetInput, title: string): string {
  const { dataset } = report;
  const columns = Object.entries(report.columns).sort(([, a], [, b]) => Number(b.drifted) - Number(a.drifted));
  const embeddings = Object.entries(report.embeddings ?? {}).map(([name, embedding]) => embeddingSection(name, embedding));
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
${embeddings.join('\n')}
<p class="legend"><span style="background:#4e79a7"></span>reference<span style="background:#f28e2b"></span>current</p>
${sections.join('\n')}
</body></html>
`;
}

function columnSection(name: string, column: ColumnDriftReport, reference: DatasetInput, current: DatasetInput): string {
  const pValue = column.p_value === undefined ? '' : `, p = ${formatNumber(column.p_value)}`;
  return `<section>
<h2>${escape(name)} <span class="verdict ${column.drifted ? 'drift' : 'stable'}">${column.drifted ? 'drift' : 'no drift'}</span></h2>
<p class="meta">${column.type}${column.role ? `, ${column.role}` : ''}; ${column.stattest} = ${formatNumber(column.statistic)}${pValue}; threshold ${column.threshold}; ${column.reference_rows} reference and ${column.current_rows} current rows</p>
${chart(columnDistribution(name, column.type, reference, current))}
</section>`;
}

/** An embedding's verdict and both measures, without a chart: its components are too many to draw. */
function embeddingSection(name: string, embedding: EmbeddingDriftReport): string {
  const { centroid_distance: distance, drifted_components: components } = embedding;
  return `<section class="embedding">
<h2>${escape(name)} <span class="verdict ${embedding.drifted ? 'drift' : 'stable'}">${embedding.drifted ? 'drift' : 'no drift'}</span></h2>
<p class="meta">embedding, ${embedding.dimensions} dimensions; centroid distance ${formatNumber(distance.value)} (drift above ${distance.threshold}); ${percent(components.share)} of the components drifted (drift above ${percent(components.threshold)}; a component drifts at ${components.component_stattest} ≥ ${components.component_threshold}); ${embedding.reference_rows} reference and ${embedding.current_rows} current vectors</p>
</section>`;
}

/**
 * Reference and current shares side by side per bin, on a share axis from 0% with ticks (the same scale
 * for both, so that heights compare), every value labelled under its bars (or, for a histogram, the
 * bin edges).
 */
function chart({ bins, bars }: ColumnDistribution): string {
  const axis = shareAxis(Math.max(...bars.map((bar) => Math.max(bar.reference, bar.current))));
  const y = (share: number) => PLOT.top + PLOT.height * (1 - share / axis.top);
  const slot = PLOT.width / bars.length;
  const barWidth = Math.max(slot / 2 - 1, 0.5);
  const rects = bars.map((bar, i) => {
    const x = PLOT.left + i * slot;
    return (
      `<g><title>${escape(bar.label)}: reference ${percent(bar.reference)}, current ${percent(bar.current)}</title>` +
      `<rect x="${fixed(x)}" y="${fixed(y(bar.reference))}" width="${fixed(barWidth)}" height="${fixed(PLOT.top + PLOT.height - y(bar.reference))}" fill="#4e79a7"/>` +
      `<rect x="${fixed(x + barWidth)}" y="${fixed(y(bar.current))}" width="${fixed(barWidth)}" height="${fixed(PLOT.top + PLOT.height - y(bar.current))}" fill="#f28e2b"/></g>`
    );
  });
  const ticks = axis.ticks.map(
    (share) =>
      `<line x1="${PLOT.left}" x2="${PLOT.left + PLOT.width}" y1="${fixed(y(share))}" y2="${fixed(y(share))}" stroke="#e3e3e3"/>` +
      `<text class="y-tick" x="${PLOT.left - 6}" y="${fixed(y(share) + 4)}" font-size="11" text-anchor="end">${tickLabel(share)}</text>`,
  );
  const bottom = PLOT.top + PLOT.height;
  const labelSpace = LABELS_BELOW[bins.kind];
  return `<svg viewBox="0 0 ${SVG_WIDTH} ${bottom + labelSpace}" width="100%" role="img" aria-label="shares of the reference and current values">
${ticks.join('\n')}
${rects.join('\n')}
<line x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${bottom}" stroke="#888"/><line x1="${PLOT.left}" x2="${PLOT.left + PLOT.width}" y1="${bottom}" y2="${bottom}" stroke="#888"/>
${bins.kind === 'values' ? valueLabels(bars, slot, bottom) : edgeLabels(bins.edges, bottom)}
</svg>`;
}

/** 0% up to the highest share rounded up, in 3 to 6 steps of 1, 2, 2.5 or 5 times a power of ten. */
function shareAxis(highest: number): { top: number; ticks: number[] } {
  const rough = Math.max(highest, 1e-9) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const steps = Math.max(1, Math.ceil(highest / step - 1e-9));
  return { top: steps * step, ticks: Array.from({ length: steps + 1 }, (_, i) => i * step) };
}

function valueLabels(bars: readonly DistributionBar[], slot: number, bottom: number): string {
  return bars
    .map((bar, i) => {
      const x = fixed(PLOT.left + (i + 0.5) * slot);
      const text = bar.label.length > MAX_LABEL_CHARACTERS ? `${bar.label.slice(0, MAX_LABEL_CHARACTERS - 1)}…` : bar.label;
      return `<text class="x-label" x="${x}" y="${bottom + 12}" font-size="11" text-anchor="end" transform="rotate(-40 ${x} ${bottom + 12})">${escape(text)}</text>`;
    })
    .join('\n');
}

/** Numbers at the bin edges, spread evenly from the first edge to the last. */
function edgeLabels(edges: Float64Array, bottom: number): string {
  const last = edges.length - 1;
  const shown = Math.min(edges.length, MAX_EDGE_LABELS);
  const indices = new Set(Array.from({ length: shown }, (_, k) => Math.round((k * last) / (shown - 1))));
  return [...indices]
    .map((i) => {
      const anchor = i === 0 ? 'start' : i === last ? 'end' : 'middle';
      return `<text class="x-label" x="${fixed(PLOT.left + (i * PLOT.width) / last)}" y="${bottom + 14}" font-size="11" text-anchor="${anchor}">${escape(formatNumber(edges[i]))}</text>`;
    })
    .join('\n');
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** An axis tick: as many digits as the step needs (2.5%, 10%), no float noise. */
function tickLabel(share: number): string {
  return `${Number((share * 100).toPrecision(6))}%`;
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
