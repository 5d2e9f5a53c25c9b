import { compareDatasets, type DatasetInput } from '../../../services/drift/compare';
import { renderHtmlReport } from '../../../services/drift/output/html-report';

/** The texts of one chart, by class, entities decoded: what a reader sees under the bars and beside the axis. */
interface ChartTexts {
  readonly xLabels: string[];
  readonly yTicks: string[];
}

function chartsByColumn(html: string): Record<string, ChartTexts> {
  const decode = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  const texts = (svg: string, kind: string) => [...svg.matchAll(new RegExp(`<text class="${kind}"[^>]*>([^<]*)</text>`, 'g'))].map((match) => decode(match[1]));
  const charts: Record<string, ChartTexts> = {};
  for (const section of html.split('<section>').slice(1)) {
    const name = decode(/<h2>(.*?) <span/.exec(section)![1]);
    const svg = /<svg [\s\S]*?<\/svg>/.exec(section)![0];
    charts[name] = { xLabels: texts(svg, 'x-label'), yTicks: texts(svg, 'y-tick') };
  }
  return charts;
}

const repeat = <T>(values: readonly T[], length: number) => Array.from({ length }, (_, i) => values[i % values.length]);
const CITIES = ['Lyon', 'Paris', 'Nice', 'Lille', 'Metz', 'Brest', 'Saint-Rémy-de-Provence', 'R&D <lab> "x"'];
/** 30 values, the first ones far more frequent, so that the top 19 are clear-cut. */
const SKUS = Array.from({ length: 30 }, (_, i) => `sku-${String(i).padStart(2, '0')}`);
const skuColumn = (rows: number) => Array.from({ length: rows }, (_, i) => SKUS[29 - Math.floor(Math.sqrt(i % 900))]);

describe('HTML report charts', () => {
  const reference: DatasetInput = {
    columns: { city: repeat(CITIES, 400), sku: skuColumn(1800), age: Float64Array.from({ length: 400 }, (_, i) => 18 + ((i * 37) % 60)) },
  };
  const current: DatasetInput = {
    columns: { city: repeat(CITIES.slice(0, 6), 300), sku: skuColumn(900), age: Float64Array.from({ length: 300 }, (_, i) => 25 + ((i * 41) % 60)) },
  };
  const charts = chartsByColumn(renderHtmlReport(compareDatasets(reference, current), reference, current, 'Drift'));

  it('labels every category of a categorical chart, escaped, and gives the full value in the tooltip', () => {
    expect(charts.city.xLabels.sort()).toEqual(CITIES.map((city) => (city.length > 18 ? `${city.slice(0, 17)}…` : city)).sort());
    expect(renderHtmlReport(compareDatasets(reference, current), reference, current, 'Drift')).toContain('<title>R&#38;D &#60;lab&#62; &#34;x&#34;: reference 12.5%, current 0.0%</title>');
  });

  it('labels the 19 most frequent values and one "other" bar beyond 20 values', () => {
    expect(charts.sku.xLabels).toHaveLength(20);
    expect(charts.sku.xLabels.slice(0, 19).sort()).toEqual(SKUS.slice(0, 19));
    expect(charts.sku.xLabels[19]).toBe('other (11 values)');
  });

  it('has a y-axis of shares from 0% past the highest bar, in even steps', () => {
    // city: the reference spreads over 8 values (12.5% each), the current over 6 (16.7% each).
    expect(charts.city.yTicks).toEqual(['0%', '5%', '10%', '15%', '20%']);
    for (const { yTicks } of Object.values(charts)) {
      const shares = yTicks.map((tick) => Number(tick.replace('%', '')));
      expect(shares[0]).toBe(0);
      expect(shares.length).toBeGreaterThanOrEqual(3);
      expect(shares[shares.length - 1]).toBeLessThanOrEqual(100);
      const steps = new Set(shares.slice(1).map((share, i) => Number((share - shares[i]).toPrecision(6))));
      expect(steps.size).toBe(1);
    }
  });

  it('labels a histogram at its bin edges, from the lowest value to the highest', () => {
    const labels = charts.age.xLabels.map(Number);
    expect(labels[0]).toBe(18);
    expect(labels[labels.length - 1]).toBe(84);
    expect(labels.length).toBeGreaterThanOrEqual(5);
    expect(labels.length).toBeLessThanOrEqual(11);
    expect([...labels].sort((a, b) => a - b)).toEqual(labels);
  });
});
