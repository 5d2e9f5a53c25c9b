import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatTritonConfig } from '../../services/kit/models/format-triton-config';
import { inspectOnnxModel } from '../../services/kit/models/inspect-onnx-model';
import { tritonConfigForOnnx } from '../../services/kit/models/triton-config-for-onnx';
import { browserSuite } from './support/browser';
import { type ConsoleStack, signIn, startConsoleStack } from './support/console-stack';
import { accessibilityViolations, chartDrawn, tableRows, until } from './support/page-checks';

/**
 * The drift and serving pages against the real drift and inference services: a reference and batches sent to
 * the drift service (the last one shifted), a model served by onnxruntime with requests that succeed and fail,
 * then both pages read in a browser as a reader.
 */

const suite = browserSuite(path.basename(__filename, '.test.ts'));
const CLASSIFIER = path.join(__dirname, '../fixtures/models/binary-classifier.onnx');
const CITIES = ['a', 'b', 'c'];
/** x spread over 0 to 99 (or shifted past it), the cities in turn. */
const rows = (count: number, shift = 0) => Array.from({ length: count }, (_, i) => ({ x: (i % 100) + shift, city: CITIES[i % 3] }));

async function send(url: string, token: string, body: unknown): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

/** The text of each row of a table, cells joined by " | ". */
describe('the console drift and serving pages (real drift and inference services, headless chromium)', () => {
  let stack: ConsoleStack;
  /** Sends one inference request to the served model: `features` other than the model's are refused (a failure). */
  let infer: (features?: number) => Promise<number>;

  beforeAll(async () => {
    stack = await startConsoleStack({ services: ['drift', 'inference'] });
    const drift = (route: string, body: unknown) => send(`${stack.urls.drift}/api/drift/models/churn${route}`, stack.tokens.ci, body);
    expect(await drift('/reference', rows(300))).toBe(201);
    expect(await drift('/batches', rows(100))).toBe(200);
    expect(await drift('/batches', rows(100, 60))).toBe(200);

    const version = path.join(stack.repository, 'churn', '1');
    mkdirSync(version, { recursive: true });
    copyFileSync(CLASSIFIER, path.join(version, 'model.onnx'));
    const inspection = inspectOnnxModel(readFileSync(CLASSIFIER));
    writeFileSync(path.join(stack.repository, 'churn', 'config.pbtxt'), formatTritonConfig(tritonConfigForOnnx(inspection, { name: 'churn', maxBatchSize: 8 })));
    await stack.inference!.poller!.pollNow();
    const metadata = (await (await fetch(`${stack.urls.inference}/v2/models/churn`, { headers: { authorization: `Bearer ${stack.tokens.ci}` } })).json()) as { inputs: { name: string; datatype: string; shape: number[] }[] };
    const input = metadata.inputs[0]!;
    infer = (features = input.shape[1]!) =>
      send(`${stack.urls.inference}/v2/models/churn/infer`, stack.tokens.ci, { inputs: [{ name: input.name, datatype: input.datatype, shape: [1, features], data: new Array(features).fill(0.5) }] });
    for (let i = 0; i < 3; i++) expect(await infer()).toBe(200);
  }, 120_000);
  afterAll(() => stack?.close());

  suite.test('after a drifted batch, the drift page shows the drift share against its threshold, the drifted column and its distributions', async ({ page }) => {
    await page.goto(stack.url);
    await signIn(page, stack.tokens.reader);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drift' }).click();
    const models = page.getByRole('table', { name: 'Monitored models' });
    await models.getByRole('link', { name: 'churn', exact: true }).waitFor();
    expect(await tableRows(page, 'Monitored models')).toEqual([expect.stringMatching(/^churn \| drift \| 50\.0% \(1 of 2\) \| .* \| 200 \| 300 rows, 2 columns, /)]);

    await models.getByRole('link', { name: 'churn', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift of churn' }).waitFor();
    const share = page.getByRole('figure', { name: 'Drift share over time', exact: true });
    await until('the drift share chart to be drawn', () => chartDrawn(page, 'Drift share over time'));
    expect(await share.getByRole('img').getAttribute('aria-label')).toBe('Drift share over time: one line (Drift share), 2 points, thresholds Dataset threshold 0.5');
    // x is judged by KS (a p-value, drift below 0.05), city by chi-square: one chart per test, a line per column.
    for (const [title, column] of [['ks by column over time', 'x'], ['chisquare by column over time', 'city']]) {
      await until(`the chart "${title}" to be drawn`, () => chartDrawn(page, title!));
      expect(await page.getByRole('figure', { name: title, exact: true }).getByRole('img').getAttribute('aria-label')).toMatch(new RegExp(`^${title}: one line \\(${column}\\), 2 points, thresholds Threshold 0\\.05$`));
    }

    await page.getByRole('table', { name: 'Columns of the latest report' }).waitFor();
    expect(await tableRows(page, 'Columns of the latest report')).toEqual([expect.stringMatching(/^x \| numeric \| ks \| .+ \| 0\.05 \| drift$/), expect.stringMatching(/^city \| categorical \| chisquare \| .+ \| 0\.05 \| no drift$/)]);
    for (const column of ['x', 'city']) await until(`the distribution of ${column} to be drawn`, () => chartDrawn(page, `Distribution of ${column}`));
    await page.getByRole('figure', { name: 'Distribution of city', exact: true }).getByText('Shares per bin', { exact: true }).click();
    // The city shares, as the table under the chart gives them: a third each in the reference, 34/33/33 in the window.
    expect(await tableRows(page, 'Distribution of city: shares per bin')).toEqual(['a | 33.3% | 34.0%', 'b | 33.3% | 33.0%', 'c | 33.3% | 33.0%']);
    expect(await tableRows(page, 'Retraining triggers')).toEqual(['No retraining trigger has fired for this model.']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  suite.test('a model the drift service does not know is one message from the service', async ({ page }) => {
    await page.goto(`${stack.url}/#/drift/nobody`);
    await signIn(page, stack.tokens.reader);
    await page.getByRole('heading', { level: 1, name: 'Drift of nobody' }).waitFor();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').allTextContents()).toEqual(['model "nobody": no reference registered; register one before sending batches']);
  });

  suite.test(
    'at phone width (375 px) the drift page has no horizontal scroll',
    async ({ page }) => {
      await page.goto(`${stack.url}/#/drift/churn`);
      await signIn(page, stack.tokens.reader);
      await until('the distribution of x to be drawn', () => chartDrawn(page, 'Distribution of x'));
      const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
      expect(widths.content).toBeLessThanOrEqual(widths.viewport);
    },
    { viewport: 'phone' },
  );

  suite.test('the serving page shows the loaded model, then its request rate and error rate from the next reading', async ({ page }) => {
    await page.goto(stack.url);
    await signIn(page, stack.tokens.reader);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Serving' }).click();
    const table = page.getByRole('table', { name: 'Loaded models' });
    await table.getByRole('row', { name: /churn/ }).waitFor();
    expect((await table.getByRole('columnheader').allTextContents()).map((header) => header.trim())).toEqual(['Model', 'Version', 'State', 'Requests/s', 'p50 (ms)', 'p99 (ms)', 'Error rate']);
    const [first] = await tableRows(page, 'Loaded models');
    expect(first).toMatch(/^churn \| 1 \| READY \| (no rate yet|[\d.]+) \| [\d.]+ \| [\d.]+ \| /);

    // Three answered and one refused request before the page reads again (every 5 s).
    for (let i = 0; i < 3; i++) expect(await infer()).toBe(200);
    expect(await infer(1)).toBe(400);
    // The reading may fall between those requests: the one after counts them all.
    const withFailure = /^churn \| 1 \| READY \| [\d.]+ \| [\d.]+ \| [\d.]+ \| ([1-9][\d.]*|0\.\d*[1-9]\d*)%$/;
    await until('a reading with a request rate and the refused request in its error rate', async () => withFailure.test((await tableRows(page, 'Loaded models'))[0] ?? ''), 15_000);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
