import type { Clock } from '../../../../services/kit/clock';
import { type DriftServer, createDriftServer } from '../../../../services/drift/service/drift-server';
import { TokenTable } from '../../../../services/kit/server/tokens';

/**
 * The console's read endpoints of the drift service, over HTTP on the real (embedded PostgreSQL) store:
 * the models with their latest verdict, a reference's report history page by page, and the reference
 * against the current window per bin, as the HTML report draws it.
 */

const CITIES = ['a', 'b', 'c'];
const rows = (count: number, shift = 0, cities = CITIES) => Array.from({ length: count }, (_, i) => ({ x: (i % 100) + shift, city: cities[i % cities.length] }));
/** 50 rows spread over the reference's range of x (0 to 98), or shifted above it. */
const batch = (shift: number) => Array.from({ length: 50 }, (_, i) => ({ x: 2 * i + shift, city: CITIES[i % 3] }));
const instantClock: Clock = { now: () => new Date(), sleep: async () => undefined };

interface ColumnPoint {
  stattest: string;
  statistic: number | null;
  p_value?: number;
  score: number | null;
  threshold: number;
  drifted: boolean;
}
interface ReportSummary {
  id: string;
  created_at: string;
  rows_seen: number;
  window_rows: number;
  dataset: { drifted_share: number; threshold: number; drifted: boolean; drifted_columns: number; columns: number };
  columns: Record<string, ColumnPoint>;
}
interface Distribution {
  column: string;
  stattest: string;
  statistic: number | null;
  drifted: boolean;
  bins: 'edges' | 'values';
  edges?: number[];
  labels: string[];
  reference: number[];
  current: number[];
}

describe('drift service: the console\'s history and distribution endpoints', () => {
  let server: DriftServer;
  let base: string;
  const get = (path: string) => fetch(`${base}/api/drift${path}`);
  const post = (path: string, body: unknown) => fetch(`${base}/api/drift${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  /** Six batches of 50 rows: a report at 50, 100, ... 300 rows seen; the last two shifted. */
  const batchResults: { report: { id: string; rows_seen: number } }[] = [];

  beforeAll(async () => {
    server = await createDriftServer({
      database: 'memory:',
      tokens: new TokenTable([]),
      monitor: { windowRows: 100, minWindowRows: 50, maxBatchRows: 100 },
      analysisThreads: 1,
      logStream: { write: () => undefined },
      clock: instantClock,
    });
    base = await server.service.listen({ port: 0, host: '127.0.0.1' });
    expect((await post('/models/history/reference', { rows: rows(300), options: { drift_share: 0.9 } })).status).toBe(201);
    for (const shift of [0, 0, 0, 0, 60, 60]) batchResults.push(await (await post('/models/history/batches', batch(shift))).json());
    expect((await post('/models/quiet/reference', rows(300))).status).toBe(201);
  }, 60_000);
  afterAll(() => server.service.close());

  it('lists every model with its reference and the headline of its latest report (null before the first)', async () => {
    const { models } = await (await get('/models')).json();
    const latest = await (await get('/models/history/report')).json();
    expect(models).toEqual([
      {
        model: 'history',
        reference: { id: latest.reference_id, created_at: expect.any(String), rows: 300, columns: 2 },
        latest_report: {
          id: latest.id,
          created_at: latest.created_at,
          rows_seen: 300,
          window_rows: 100,
          dataset: { ...latest.report.dataset, threshold: 0.9 },
        },
      },
      { model: 'quiet', reference: expect.objectContaining({ rows: 300, columns: 2 }), latest_report: null },
    ]);
  });

  it('pages the history newest first, each report with the dataset threshold and per column the test, score and threshold', async () => {
    const first = await (await get('/models/history/reports?max_results=4')).json();
    expect(first.reports.map((report: ReportSummary) => report.rows_seen)).toEqual([300, 250, 200, 150]);
    expect(first.next_before).toBe(150);
    const second = await (await get(`/models/history/reports?max_results=4&before=${first.next_before}`)).json();
    expect(second.reports.map((report: ReportSummary) => report.rows_seen)).toEqual([100, 50]);
    expect(second.next_before).toBeNull();
    expect([...first.reports, ...second.reports].map((report: ReportSummary) => report.id)).toEqual(batchResults.map((batch) => batch.report.id).reverse());

    // The newest summary is the stored report, shortened: each column's value that its threshold applies to.
    const latest = await (await get('/models/history/report')).json();
    const newest: ReportSummary = first.reports[0];
    expect(newest.dataset).toEqual({ ...latest.report.dataset, threshold: 0.9 });
    expect(newest.dataset).toMatchObject({ drifted_share: 0.5, drifted: false });
    for (const [name, column] of Object.entries<{ stattest: string; statistic: number; p_value?: number; threshold: number; drifted: boolean }>(latest.report.columns)) {
      expect(newest.columns[name]).toEqual({ stattest: column.stattest, statistic: column.statistic, ...(column.p_value === undefined ? {} : { p_value: column.p_value }), score: column.p_value ?? column.statistic, threshold: column.threshold, drifted: column.drifted });
    }
    expect(newest.columns.x.drifted).toBe(true);
    expect(first.reports[3].columns.x.drifted).toBe(false);
  });

  it('gives the latest window against the reference per bin, with the bins and shares the HTML report draws', async () => {
    const answer = await (await get('/models/history/distributions')).json();
    expect(answer).toMatchObject({ model: 'history', reference_rows: 300, window_rows: 100, dataset: { drifted_share: 0.5, threshold: 0.9 } });
    const columns: Distribution[] = answer.columns;
    expect(columns.map((column) => [column.column, column.drifted])).toEqual([['x', true], ['city', false]]);

    // City: one bin per value; the window (two batches of 50 rows cycling a, b, c) holds 34, 34 and 32 of them.
    const city = columns[1]!;
    expect(city).toMatchObject({ bins: 'values', labels: ['a', 'b', 'c'] });
    expect(city.reference).toEqual([100 / 300, 100 / 300, 100 / 300]);
    expect(city.current).toEqual([34 / 100, 34 / 100, 32 / 100]);

    // x: equal-width bins; each share is the count of the data in [edge, next edge), the last bin closed.
    const x = columns[0]!;
    expect(x.bins).toBe('edges');
    const edges = x.edges!;
    expect(edges).toHaveLength(x.labels.length + 1);
    expect([edges[0], edges[edges.length - 1]]).toEqual([0, 158]);
    const shareIn = (values: number[], bin: number) => values.filter((v) => v >= edges[bin]! && (v < edges[bin + 1]! || (bin === edges.length - 2 && v === edges[bin + 1]))).length / values.length;
    const window = [...batch(60), ...batch(60)].map((row) => row.x);
    x.reference.forEach((share, bin) => expect(share).toBeCloseTo(shareIn(rows(300).map((row) => row.x), bin), 12));
    x.current.forEach((share, bin) => expect(share).toBeCloseTo(shareIn(window, bin), 12));

    // The HTML page's bar tooltips carry the same labels and shares.
    const html = await (await get('/models/history/report?format=html')).text();
    const tooltips = [...html.matchAll(/<title>([^<]*): reference ([\d.]+)%, current ([\d.]+)%<\/title>/g)].map((match) => [match[1], match[2], match[3]]);
    const ours = columns.flatMap((column) => column.labels.map((label, i) => [label, (column.reference[i]! * 100).toFixed(1), (column.current[i]! * 100).toFixed(1)]));
    expect(tooltips).toEqual(ours);
  });

  it('gives an infinite chi-square (a value only in the current data) as null, and that value\'s bar', async () => {
    await post('/models/novel/reference', rows(300));
    await post('/models/novel/batches', rows(60, 0, ['a', 'd']));
    const [report] = (await (await get('/models/novel/reports')).json()).reports as ReportSummary[];
    expect(report!.columns.city).toMatchObject({ stattest: 'chisquare', statistic: null, drifted: true });
    const city = ((await (await get('/models/novel/distributions')).json()).columns as Distribution[]).find((column) => column.column === 'city')!;
    expect(city).toMatchObject({ statistic: null, labels: ['a', 'b', 'c', 'd'], reference: [1 / 3, 1 / 3, 1 / 3, 0], current: [0.5, 0, 0, 0.5] });
  });

  it.each([
    ['a model without a reference', '/models/nobody/reports', 404, /^model "nobody": no reference registered/],
    ['a model without a report yet', '/models/quiet/distributions', 404, /^model "quiet": no report yet; one is computed once the window holds 50 rows/],
    ['an invalid model name', '/models/bad%20name/distributions', 400, /^model "bad name": not a valid model name/],
    ['max_results of 0', '/models/history/reports?max_results=0', 400, /max_results/],
    ['max_results above 1000', '/models/history/reports?max_results=1001', 400, /max_results/],
    ['a before that is not a number', '/models/history/reports?before=yesterday', 400, /before/],
  ])('refuses %s with a 4xx naming it', async (_, path, status, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toMatch(message);
  });
});
