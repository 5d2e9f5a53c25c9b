import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { skipOrFailInCi } from '../../support/tools';

/**
 * Debian's chromium (scripts/install-test-tools.sh installs it): Playwright's own browser downloads need
 * the internet, which this project's machines do not have. PLINTH_CHROMIUM names another binary.
 */
export const CHROMIUM = process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Without the network flags Chromium keeps calling Google's update, sync and field-trial servers, which on a
 * closed network is a flood of refused connections; no sandbox because test machines run it as root.
 */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The widths the console must work at: a laptop and a phone (accessibility: 1280 px and 375 px). */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 740 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** How long a step waits for what it acts on; generous, as a loaded 2-core machine renders slowly. */
const PAGE_TIMEOUT_MS = 15_000;

/** Where a failed test's screenshot goes; CI uploads the folder (ci.yml, on failure). */
export const ARTIFACTS = path.join(__dirname, '../../../test-artifacts/console');

/** Whether the browser is here: when not, says why (SKIPPED, or a failure under CI=true). */
export function chromiumAvailable(): { readonly available: boolean; readonly reason?: string } {
  if (existsSync(CHROMIUM)) return { available: true };
  const reason = `${CHROMIUM} not found: the console's browser tests need Debian's chromium (bash scripts/install-test-tools.sh, or set PLINTH_CHROMIUM to a Chromium binary)`;
  skipOrFailInCi(reason);
  return { available: false, reason };
}

/** A headless chromium through playwright-core; the caller closes it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** What a browser test gets: a fresh page (its own cookies and storage) at the viewport it asked for. */
export interface BrowserTestContext {
  readonly page: Page;
  readonly context: BrowserContext;
}

export interface BrowserTestOptions {
  /** @default 'desktop' */
  readonly viewport?: ViewportName;
  /** @default 60_000 (jest's testTimeout here) */
  readonly timeoutMs?: number;
}

export interface BrowserSuite {
  /** Whether chromium is here (when not, every suite.test is skipped, or the file fails under CI=true). */
  readonly available: boolean;
  /** The file's one browser, once beforeAll has run. */
  readonly browser: () => Browser;
  /**
   * `it(name, …)` with a new browser context and page; on failure a full-page screenshot goes to
   * test-artifacts/console/<file>-<test>.png before the error is rethrown. Skipped when chromium is missing.
   */
  test(name: string, body: (t: BrowserTestContext) => Promise<void>, options?: BrowserTestOptions): void;
}

/** A file name from a test name: what a person finds in the uploaded artifacts. */
function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

/** Writes the page as it was when the test failed; a failure to do so never hides the test's own error. */
async function screenshotOnFailure(page: Page, file: string, test: string): Promise<void> {
  const target = path.join(ARTIFACTS, `${slug(file)}-${slug(test)}.png`);
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: target, fullPage: true, timeout: 10_000 });
    process.stderr.write(`browser test failed: screenshot at ${path.relative(process.cwd(), target)}\n`);
  } catch (error) {
    process.stderr.write(`browser test failed, and no screenshot could be taken: ${(error as Error).message}\n`);
  }
}

/**
 * One browser for the calling test file: launched in beforeAll, closed in afterAll (the machine allows one
 * browser per test process). `file` names the screenshots, usually `path.basename(__filename, '.test.ts')`.
 */
export function browserSuite(file: string): BrowserSuite {
  const { available } = chromiumAvailable();
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (available) browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return {
    available,
    browser: () => {
      if (!browser) throw new Error('the browser is not running: browserSuite() launches it in beforeAll');
      return browser;
    },
    test(name, body, options = {}) {
      const run = available ? it : it.skip;
      run(
        name,
        async () => {
          const context = await browser!.newContext({ viewport: VIEWPORTS[options.viewport ?? 'desktop'] });
          // Playwright waits 30 s for an element by default: a missing one fails sooner, leaving time for the screenshot.
          context.setDefaultTimeout(PAGE_TIMEOUT_MS);
          const page = await context.newPage();
          try {
            await body({ page, context });
          } catch (error) {
            await screenshotOnFailure(page, file, name);
            throw error;
          } finally {
            await context.close();
          }
        },
        options.timeoutMs ?? 60_000,
      );
    },
  };
}
