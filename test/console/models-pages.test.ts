import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startConsole } from '../../services/console/server/console-server';
import { FILES } from '../services/gates/evaluation-fixtures';
import { APPROVAL_POLICY, plinth, PROMOTION_POLICY } from '../services/gates/registry/registry-fixtures';
import { browserSuite } from './support/browser';
import { type ConsoleStack, consoleAssets, signIn, startConsoleStack } from './support/console-stack';
import { requestPromotion } from './support/model-lifecycle';
import { accessibilityViolations, tableRows, until } from './support/page-checks';

/**
 * The model pages against the real tracking and gates services: versions registered and promoted through the
 * services' own commands and APIs, then read, approved and refused in a browser, as an approver and as a reader.
 */

const suite = browserSuite(path.basename(__filename, '.test.ts'));
const HOLDOUT = path.join(__dirname, '../services/gates/fixtures/evaluation/classifier-holdout.csv');

/** `plinth gates <args>` in this process with the `ci` token in MLFLOW_TRACKING_TOKEN, as a pipeline runs it. */
async function gatesCommand(stack: ConsoleStack, ...args: string[]) {
  const env = process.env;
  try {
    process.env = { ...env, MLFLOW_TRACKING_TOKEN: stack.tokens.ci };
    return await plinth('gates', ...args, '--tracking-url', stack.urls.tracking!);
  } finally {
    process.env = env;
  }
}

async function register(stack: ConsoleStack, onnx: string, commit: string): Promise<string> {
  const run = await gatesCommand(stack, 'register', '--model', 'churn', '--onnx', onnx, '--tag', `git_commit=${commit}`, '--tag', 'dataset_version=2026-11', '--description', 'Which customers churn next month, for retention offers.');
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return /version (\d+)/.exec(run.stdout)![1]!;
}

async function openModel(page: Page, url: string, token: string): Promise<void> {
  await page.goto(url);
  await signIn(page, token);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await page.getByRole('table', { name: 'Registered models' }).getByRole('link', { name: 'churn', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'churn' }).waitFor();
}

describe('the console model pages (real tracking and gates services, headless chromium)', () => {
  let stack: ConsoleStack;
  let pending: { id: number; status: string };
  let firstRunId: string;

  beforeAll(async () => {
    stack = await startConsoleStack({ services: ['tracking', 'gates'] });
    // Version 1 promoted by the gates service (low risk); version 2 waiting for an approver (high risk);
    // version 3, a worse model, refused by `plinth gates promote` without the service: its gates are only tags.
    expect(await register(stack, FILES.classifier, '1a2b3c4')).toBe('1');
    expect((await requestPromotion(stack, '1', PROMOTION_POLICY)).status).toBe('promoted');
    expect(await register(stack, FILES.classifier, '9a8b7c6')).toBe('2');
    pending = await requestPromotion(stack, '2', APPROVAL_POLICY);
    expect(pending.status).toBe('pending-approval');
    expect(await register(stack, FILES.worseClassifier, '5e6f7a8')).toBe('3');
    const refused = await gatesCommand(stack, 'promote', '--model', 'churn', '--model-version', '3', '--policy', PROMOTION_POLICY, '--holdout', HOLDOUT, '--repository', stack.repository);
    expect(refused.code).toBe(1);
    firstRunId = (await stack.tracking.getModelVersion('churn', '1')).run_id!;
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });

  suite.test('a reader sees versions, lineage and every gate, but no Approve or Reject; the proxy refuses its approval with 403', async ({ page }) => {
    await openModel(page, stack.url, stack.tokens.reader);
    // Without ?version the page opens on the version waiting for an approver.
    const gates = page.getByRole('table', { name: `Gates of promotion ${pending.id}` });
    await gates.waitFor();
    expect(await gates.getByRole('columnheader').allTextContents()).toEqual(['Gate', 'Value', 'Threshold', 'Verdict']);
    expect(await tableRows(page, `Gates of promotion ${pending.id}`)).toEqual(
      expect.arrayContaining(['metric: accuracy | 0.8875 | >= 0.85 | pass', 'lineage: tag git_commit | 9a8b7c6 | present, not empty | pass']),
    );
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reject' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Comment' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);

    const versions = await tableRows(page, 'Versions');
    expect(versions).toHaveLength(3);
    expect(versions[0]).toMatch(/^Version 3 \|  \| READY \| .+ \| fail \| \w{8} \| dataset_version=2026-11 git_commit=5e6f7a8$/);
    expect(versions[1]).toMatch(/^Version 2 \|  \| READY \| .+ \| pending-approval \|/);
    expect(versions[2]).toMatch(/^Version 1 \| champion \| READY \| .+ \| pass \|/);
    await page.getByRole('link', { name: `Source run ${firstRunId}` }).waitFor();
    expect(await page.getByRole('link', { name: `Source run ${firstRunId}` }).getAttribute('href')).toBe(`#/runs/${firstRunId}`);

    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/proxy/gates/api/gates/promotions/${id}/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: response.status, body: await response.text() };
    }, pending.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('read role');
  });

  suite.test('the models table searches by name, counts the approvals waiting and pages through the registry', async ({ page }) => {
    await page.goto(stack.url);
    await signIn(page, stack.tokens.reader);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
    await page.getByRole('table', { name: 'Registered models' }).waitFor();
    expect(await tableRows(page, 'Registered models')).toEqual([expect.stringMatching(/^churn \| version 3 \| champion v1 \| 1 waiting \| .+ \| Which customers churn next month, for retention offers\.$/)]);
    await page.getByLabel('Model name').fill('HUR');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/#\/models\?name=HUR$/);
    expect((await tableRows(page, 'Registered models'))[0]).toMatch(/^churn \|/);
    await page.getByLabel('Model name').fill("o'brien");
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No registered model has such a name.').waitFor();

    // The registry is read a page (50 models) at a time, the server's page token carried by Next and Previous.
    for (let index = 0; index < 51; index++) await stack.tracking.createRegisteredModel(`zz-bulk-${String(index).padStart(2, '0')}`);
    await page.getByLabel('Model name').fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await until('the first page of 52 models', async () => (await tableRows(page, 'Registered models')).length === 50);
    expect((await tableRows(page, 'Registered models'))[49]).toMatch(/^zz-bulk-48 \|/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await until('the second page', async () => (await tableRows(page, 'Registered models')).length === 2);
    expect((await tableRows(page, 'Registered models')).map((row) => row.split(' | ')[0])).toEqual(['zz-bulk-49', 'zz-bulk-50']);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await until('the first page again', async () => (await tableRows(page, 'Registered models')).length === 50);
  });

  suite.test('a version refused by plinth gates promote (no service) shows the gates from its tags; a promoted one its model card', async ({ page }) => {
    await openModel(page, stack.url, stack.tokens.reader);
    await page.getByRole('table', { name: 'Versions' }).getByRole('link', { name: 'Version 3' }).click();
    await page.getByRole('heading', { level: 2, name: 'Version 3' }).waitFor();
    await page.getByRole('table', { name: 'Gates of version 3 recorded in the registry' }).waitFor();
    expect(await tableRows(page, 'Gates of version 3 recorded in the registry')).toContain('metric: accuracy | 0.708333 | >= 0.85 | fail below the minimum 0.85');
    await page.getByText('dataset_version', { exact: true }).waitFor();

    await page.getByRole('table', { name: 'Versions' }).getByRole('link', { name: 'Version 1' }).click();
    await page.getByRole('heading', { level: 2, name: 'Version 1 champion' }).waitFor();
    await page.getByRole('heading', { name: 'Model card: churn version 1' }).waitFor();
    await page.getByText('Which customers churn next month, for retention offers.').first().waitFor();
    await page.getByRole('table', { name: 'Gates of promotion 1' }).waitFor();
    expect((await tableRows(page, 'Gates of promotion 1')).length).toBeGreaterThan(3);
  });

  suite.test('an approver sees Approve and Reject, approves (the page shows it promoted), and a second tab approving late gets the service\'s refusal', async ({ page, context }) => {
    await openModel(page, stack.url, stack.tokens.alice);
    await page.getByRole('table', { name: `Gates of promotion ${pending.id}` }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // At phone width the page reflows: wide tables scroll inside their own box, the page itself does not.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('alert').filter({ hasText: 'rejection needs a comment' }).waitFor();

    // A second tab of the same approver, still showing the promotion as pending.
    const late = await context.newPage();
    await late.goto(`${stack.url}/#/models/churn`);
    await late.getByRole('button', { name: 'Approve' }).waitFor();

    await page.getByRole('textbox', { name: 'Comment' }).fill('slices reviewed');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: `Promotion ${pending.id} promoted` }).waitFor();
    // The button that had focus is gone: focus is on the heading that says how it ended.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Promotion ${pending.id} promoted`);
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await page.getByRole('heading', { level: 2, name: 'Version 2 champion' }).waitFor();
    expect((await tableRows(page, 'Versions'))[1]).toMatch(/^Version 2 \| champion \| READY \| .+ \| approved \|/);
    await page.getByRole('heading', { name: 'Model card: churn version 2' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    await late.getByRole('button', { name: 'Approve' }).click();
    await late.getByRole('alert').filter({ hasText: `promotion ${pending.id} ('churn' version 2) is promoted, not pending-approval` }).waitFor();
    const champion = (await stack.tracking.getRegisteredModel('churn')).aliases?.find((alias) => alias.alias === 'champion')?.version;
    expect(champion).toBe('2');
  });

  suite.test('without a gates service, or with one that does not answer, the page says so and still shows the registry and the gates recorded in it', async ({ page }) => {
    const assetsDir = (await consoleAssets()).dir;
    const consoleWith = (gates?: string) => startConsole({ port: 0, services: { tracking: stack.urls.tracking!, ...(gates ? { gates } : {}) }, assetsDir, logStream: { write: () => undefined } });
    for (const gates of [undefined, 'http://127.0.0.1:9']) {
      const partial = await consoleWith(gates);
      try {
        await openModel(page, partial.url.replace(/\/$/, ''), stack.tokens.reader);
        if (gates === undefined) await page.getByText('The gates service is not configured in this console').waitFor();
        else await page.getByRole('alert').filter({ hasText: "The gates service's promotions and approvals cannot be shown" }).waitFor();
        await page.getByRole('heading', { level: 2, name: 'Version 3' }).waitFor();
        await page.getByRole('table', { name: 'Gates of version 3 recorded in the registry' }).waitFor();
        expect(await tableRows(page, 'Versions')).toHaveLength(3);
      } finally {
        await partial.close();
      }
    }
  });
});
