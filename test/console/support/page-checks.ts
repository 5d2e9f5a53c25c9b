import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * Waits until `read` says yes (a page still fetching or drawing), then returns; says what it waited for when
 * it never does. playwright-core has no `expect` with retries (that is @playwright/test), so tests poll.
 */
export async function until(what: string, read: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Whether the chart titled `title` has drawn: its first canvas holds a pixel that is not transparent
 * (uPlot draws after its data arrives; an empty or loading chart has no canvas or a blank one).
 */
export function chartDrawn(page: Page, title: string): Promise<boolean> {
  return page
    .getByRole('figure', { name: title, exact: true })
    .locator('canvas')
    .first()
    .evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let index = 3; index < pixels.length; index += 4) if (pixels[index]! > 0) return true;
      return false;
    }, undefined, { timeout: 1_000 })
    .catch(() => false);
}

/** What axe finds against WCAG 2 A and AA on the page as it is now: rule id and the elements, for a readable failure. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The text of each body row of the table captioned `table`, cells trimmed and joined by " | ". */
export function tableRows(page: Page, table: string): Promise<string[]> {
  return page
    .getByRole('table', { name: table })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => (cell.textContent ?? '').trim().replace(/\s+/g, ' ')).join(' | ')));
}
