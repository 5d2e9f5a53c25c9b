import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { seedTrackingVolume, type TrackingVolume } from '../support/tracking-volume';
import { browserSuite } from './support/browser';
import { type ConsoleStack, signIn, startConsoleStack } from './support/console-stack';
import { accessibilityViolations, chartDrawn, until } from './support/page-checks';

/**
 * The run pages in headless chromium against a real tracking server whose store was seeded with many runs
 * (test/support/tracking-volume.ts): server pages of runs, the filter and its errors, a run's charts, tables
 * and artifact download, and the comparison of two runs.
 */

const RUNS = 120;
const suite = browserSuite(path.basename(__filename, '.test.ts'));

describe('the run pages', () => {
  let folder: string;
  let volume: TrackingVolume;
  let stack: ConsoleStack;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'plinth-runs-pages-'));
    const database = path.join(folder, 'tracking');
    volume = await seedTrackingVolume(database, { experimentName: 'volume', runs: RUNS, stepsPerRun: 50 });
    stack = await startConsoleStack({ services: ['tracking'], trackingDatabase: database });
    // One artifact in a folder, uploaded as an MLflow client does, through the tracking server's artifact proxy.
    const runId = volume.runId(43);
    const upload = await fetch(`${stack.urls.tracking}/api/2.0/mlflow-artifacts/artifacts/${volume.experimentId}/${runId}/artifacts/notes/readme.txt`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.tokens.ci}` },
      body: 'trained on the volume data\n',
    });
    expect(upload.status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  suite.test('pages through the runs, finds some with a filter, shows the server refusing a bad one, and opens a run', async ({ page }) => {
    await page.goto(stack.url);
    await signIn(page, stack.tokens.reader);
    await page.goto(`${stack.url}/#/runs?experiment=${volume.experimentId}`);
    const table = page.getByRole('table', { name: 'Runs' });
    const names = () => table.getByRole('row').locator('td:nth-child(2)').allInnerTexts();

    // Newest first, 50 a page, from the server.
    await table.getByRole('link', { name: volume.runNames(RUNS) }).waitFor();
    expect(await names()).toHaveLength(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await until('the second page', async () => (await names())[0] === volume.runNames(RUNS - 50));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await until('the first page again', async () => (await names())[0] === volume.runNames(RUNS));

    // Ordered by a metric column, on the server: the lowest latest loss of all 120 runs comes first.
    await page.getByLabel('Order').selectOption({ label: 'loss, lowest first' });
    const hashQuery = () => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '');
    await until('the runs ordered by loss', async () => hashQuery().get('order') === 'metrics.loss ASC');
    const headers = await table.getByRole('columnheader').allInnerTexts();
    const losses = async () => (await table.getByRole('row').locator(`td:nth-child(${headers.indexOf('loss') + 1})`).allInnerTexts()).map(Number);
    await until('the lowest losses first', async () => {
      const shown = await losses();
      return shown.length === 50 && shown.every((loss, index) => index === 0 || shown[index - 1]! <= loss);
    });
    await page.getByLabel('Order').selectOption({ label: 'Newest first' });

    // optimizer is sgd when the run's number is 1 more than a multiple of 3.
    await page.getByLabel('Filter').fill("params.optimizer = 'sgd' AND attributes.run_name LIKE 'run-0004%'");
    await page.getByRole('button', { name: 'Search' }).click();
    await until('the filtered runs', async () => (await names()).join() === ['run-00049', 'run-00046', 'run-00043', 'run-00040'].join());
    expect(hashQuery().get('filter')).toBe("params.optimizer = 'sgd' AND attributes.run_name LIKE 'run-0004%'");
    expect(await table.getByRole('columnheader', { name: 'optimizer' }).count()).toBe(1);
    expect(await table.getByRole('columnheader', { name: 'loss' }).count()).toBe(1);

    // A filter the server refuses: its own message, in an alert.
    const bad = "params.optimizer ~ 'sgd'";
    const refusal = await fetch(`${stack.urls.tracking}/api/2.0/mlflow/runs/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.tokens.reader}`, 'content-type': 'application/json' },
      body: JSON.stringify({ experiment_ids: [volume.experimentId], filter: bad }),
    });
    expect(refusal.status).toBe(400);
    const { message } = (await refusal.json()) as { message: string };
    await page.getByLabel('Filter').fill(bad);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').filter({ hasText: message }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Filter').fill("attributes.run_name = 'run-00043'");
    await page.getByRole('button', { name: 'Search' }).click();
    await table.getByRole('link', { name: 'run-00043' }).click();
    await page.getByRole('heading', { level: 1, name: 'run-00043' }).waitFor();
    expect(page.url()).toContain(`#/runs/${volume.runId(43)}`);
    await until('the loss chart to be drawn', () => chartDrawn(page, 'loss'));
    await until('the accuracy chart to be drawn', () => chartDrawn(page, 'accuracy'));
    expect(await page.getByRole('figure', { name: 'loss', exact: true }).getByRole('img').getAttribute('aria-label')).toContain('50 points');
    await page.getByRole('radiogroup', { name: 'X axis' }).getByRole('radio', { name: 'Time' }).check();
    await until('the loss chart to be drawn over time', () => chartDrawn(page, 'loss'));
    await page.getByRole('table', { name: 'Parameters' }).getByRole('cell', { name: 'sgd', exact: true }).waitFor();
    await page.getByRole('table', { name: 'Tags' }).getByRole('rowheader', { name: 'mlflow.runName' }).waitFor();

    // The artifact: open its folder, download the file through the console.
    const artifacts = page.getByRole('table', { name: /^Artifacts/ });
    await artifacts.getByRole('button', { name: 'notes/' }).click();
    const download = page.waitForEvent('download');
    await artifacts.getByRole('link', { name: 'readme.txt' }).click();
    expect(readFileSync(await (await download).path(), 'utf8')).toBe('trained on the volume data\n');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  suite.test('compares two runs: a chart per metric with a line per run, params side by side', async ({ page }) => {
    await page.goto(stack.url);
    await signIn(page, stack.tokens.reader);
    await page.goto(`${stack.url}/#/runs`);
    await page.getByLabel('Filter').fill("attributes.run_name IN ('run-00001', 'run-00002', 'run-00003')");
    await page.getByRole('button', { name: 'Search' }).click();
    const table = page.getByRole('table', { name: 'Runs' });
    await table.getByRole('link', { name: 'run-00003' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select run-00001' }).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();
    await page.getByRole('alert').filter({ hasText: 'Select 2 to 5 runs to compare' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select run-00002' }).check();
    await page.getByRole('button', { name: 'Compare selected' }).click();

    await page.getByRole('heading', { level: 1, name: 'Compare runs' }).waitFor();
    for (const metric of ['loss', 'accuracy']) {
      const label = (await page.getByRole('figure', { name: metric, exact: true }).getByRole('img').getAttribute('aria-label')) ?? '';
      expect(label).toContain('2 lines (run-00001, run-00002)');
      await until(`the compared ${metric} chart to be drawn`, () => chartDrawn(page, metric));
    }
    const params = page.getByRole('table', { name: 'Parameters' });
    expect(await params.getByRole('columnheader').allInnerTexts()).toEqual(['Name', 'run-00001', 'run-00002']);
    const optimizer = params.getByRole('row', { name: /optimizer/ });
    expect(await optimizer.getByRole('cell').allInnerTexts()).toEqual(['sgd', 'rmsprop']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
