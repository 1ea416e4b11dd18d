import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foreignRequests, openScreen, saveScreenshot, type Screen } from './support/browser';
import { startE2eApp, type E2eApp } from './support/e2e-app';

describe('a page that does not exist', () => {
  let app: E2eApp | undefined;
  let screen: Screen;

  beforeAll(async () => {
    app = await startE2eApp();
    screen = await openScreen(app.browser, `${app.baseUrl}/no-such-page`);
    await saveScreenshot(screen.page, 'not-found');
  });
  afterAll(async () => {
    await screen?.close();
    await app?.stop();
  });

  it('answers 404 with a friendly page and no technical detail', async () => {
    const { page } = screen;

    expect(screen.response?.status()).toBe(404);
    await page.getByText('Page not found').waitFor();
    const text = await page.locator('body').innerText();
    expect(text).toContain('There is no page at this address.');
    // Nothing a visitor should not see: no stack frames, error names or file paths.
    expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:|node_modules|\.tsx?\b/);
  });

  it('leads back to the status page', async () => {
    const { page } = screen;

    await page.getByRole('link', { name: 'Platform status' }).click();
    await page.getByRole('heading', { name: 'Platform status' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('makes no request outside its own origin and logs no console error but the 404 itself', () => {
    expect(foreignRequests(screen)).toStrictEqual([]);
    // Chromium reports any 404 document in the console; that line is the status, not a fault.
    expect(screen.consoleErrors).toStrictEqual([
      `Failed to load resource: the server responded with a status of 404 (Not Found) (${screen.origin}/no-such-page)`,
    ]);
  });
});
