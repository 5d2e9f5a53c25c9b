import { readFileSync, writeFileSync } from 'node:fs';
import { UserFacingError } from '../../../core/exit-codes';
import { HELM_CHARTS } from './catalogue';

const BEGIN = '<!-- charts:start -->';
const END = '<!-- charts:end -->';

/** The chart catalogue as the Markdown table the README shows. */
export function chartCatalogueTable(): string {
  const rows = Object.values(HELM_CHARTS).map(
    (chart) => `| \`${chart.chart}\` | \`${chart.version}\` (${chart.appVersion}) | \`${chart.repository}\` | ${chart.why} |`,
  );
  return ['| Chart | Version | Repository | Why Plinth installs it |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The table between the README's chart markers, or undefined when the markers are missing. */
export function readmeChartTable(readme: string): string | undefined {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + BEGIN.length, end).trim();
}

/** `readme` with the table between its chart markers replaced by the catalogue's. */
export function withChartTable(readme: string, file: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new UserFacingError(`${file}: no ${BEGIN} … ${END} block to write the chart catalogue into; add both markers where the table belongs`);
  return `${readme.slice(0, start + BEGIN.length)}\n${chartCatalogueTable()}\n${readme.slice(end)}`;
}

/** Rewrites the chart table of the Markdown file `file` (the README) from the catalogue. */
export function writeChartTable(file: string): void {
  let readme: string;
  try {
    readme = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserFacingError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the README to write the chart catalogue into`, undefined, { cause: error });
  }
  writeFileSync(file, withChartTable(readme, file));
}
