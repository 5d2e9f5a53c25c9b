import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { HELM_CHARTS } from '../../../../constructs/k8s/helm/catalogue';
import { chartCatalogueTable, readmeChartTable, withChartTable, writeChartTable } from '../../../../constructs/k8s/helm/catalogue-table';
import { REPO_ROOT } from '../../../support/synth';

const charts = Object.entries(HELM_CHARTS);

describe('the Helm chart catalogue', () => {
  it.each(charts)('%s is pinned to an exact version from an HTTPS or OCI repository, with a reason', (_key, chart) => {
    expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart.repository).toMatch(/^(https|oci):\/\/[^\s/]+/);
    expect(chart.why.length).toBeGreaterThan(20);
    expect(chart.valuesReference).toContain(chart.version);
  });

  it('README.md shows the catalogue exactly as `plinth helm charts` renders it', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readmeChartTable(readme)).toBe(chartCatalogueTable());
  });

  it('has one row per chart with its version and repository', () => {
    const rows = chartCatalogueTable().split('\n').slice(2);
    expect(rows).toHaveLength(charts.length);
    for (const [, chart] of charts) expect(rows.find((row) => row.startsWith(`| \`${chart.chart}\``))).toContain(`\`${chart.version}\``);
  });

  it('--write replaces only the block between the markers', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'plinth-readme-')), 'README.md');
    writeFileSync(file, '# Title\n\nBefore.\n\n<!-- charts:start -->\nold table\n<!-- charts:end -->\n\nAfter.\n');
    writeChartTable(file);
    expect(readFileSync(file, 'utf8')).toBe(`# Title\n\nBefore.\n\n<!-- charts:start -->\n${chartCatalogueTable()}\n<!-- charts:end -->\n\nAfter.\n`);
  });

  it('refuses a README without the markers, or a missing file, saying what to do', () => {
    expect(() => withChartTable('# no markers\n', 'docs/README.md')).toThrow(
      'docs/README.md: no <!-- charts:start --> … <!-- charts:end --> block to write the chart catalogue into; add both markers where the table belongs',
    );
    expect(() => writeChartTable('/nonexistent/README.md')).toThrow(/\/nonexistent\/README.md: cannot read it \(ENOENT\)/);
  });
});
