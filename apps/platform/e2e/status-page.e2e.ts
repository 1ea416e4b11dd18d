import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '@aiconnected/db';
import { foreignRequests, openScreen, saveScreenshot, type Screen } from './support/browser';
import { startE2eApp, type E2eApp } from './support/e2e-app';

describe('the status page at /', () => {
  let app: E2eApp | undefined;
  let screen: Screen;

  beforeAll(async () => {
    app = await startE2eApp();
    screen = await openScreen(app.browser, `${app.baseUrl}/`);
    await saveScreenshot(screen.page, 'status');
  });
  afterAll(async () => {
    await screen?.close();
    await app?.stop();
  });

  it('shows the database as ok and the schema version of the newest migration', async () => {
    const newest = (await listMigrations(MIGRATIONS_DIR)).at(-1)?.version;
    const { page } = screen;

    expect(screen.response?.status()).toBe(200);
    expect(await page.title()).toBe('Status · aiConnected');
    await page.getByRole('heading', { name: 'Platform status' }).waitFor();
    // The health card is a definition list: read each term with the value beside it.
    const terms = await page.getByRole('term').allInnerTexts();
    const values = await page.getByRole('definition').allInnerTexts();
    expect(Object.fromEntries(terms.map((term, index) => [term, values[index]]))).toStrictEqual({
      Database: 'ok',
      'Schema version': String(newest),
    });
    expect(await page.getByText('degraded').count()).toBe(0);
  });

  it('links to the API reference, the OpenAPI document and the health endpoint', async () => {
    const links = screen.page.getByRole('link');
    const hrefs = await links.evaluateAll((anchors) =>
      anchors.map((anchor) => anchor.getAttribute('href')),
    );
    expect(hrefs).toEqual(
      expect.arrayContaining(['/api/docs', '/api/openapi.json', '/api/health']),
    );
  });

  it('takes its colours from the theme variables', async () => {
    const colours = await screen.page.evaluate(() => {
      const root = document.documentElement;
      const button = document.querySelector('a[href="/api/docs"]');
      // The colour a token resolves to, computed by the browser the way the stylesheet uses it.
      const resolve = (token: string) => {
        const probe = document.createElement('div');
        probe.style.color = `hsl(${getComputedStyle(root).getPropertyValue(token).trim()})`;
        document.body.append(probe);
        const colour = getComputedStyle(probe).color;
        probe.remove();
        return colour;
      };
      const read = () => ({
        background: getComputedStyle(document.body).backgroundColor,
        foreground: getComputedStyle(document.body).color,
        button: button ? getComputedStyle(button).backgroundColor : 'no API reference button',
      });
      const tokens = {
        background: resolve('--background'),
        foreground: resolve('--foreground'),
        button: resolve('--primary'),
      };
      const shown = read();
      // A workspace theme changes only the variables; the page must follow without new CSS.
      root.style.setProperty('--background', '0 100% 50%');
      root.style.setProperty('--foreground', '240 100% 50%');
      root.style.setProperty('--primary', '120 100% 50%');
      // The button fades colour changes (transition-colors): end the fade before reading.
      read();
      for (const animation of document.getAnimations()) animation.finish();
      const rethemed = read();
      root.removeAttribute('style');
      return { tokens, shown, rethemed };
    });

    expect(colours.shown).toStrictEqual(colours.tokens);
    expect(colours.rethemed).toStrictEqual({
      background: 'rgb(255, 0, 0)',
      foreground: 'rgb(0, 0, 255)',
      button: 'rgb(0, 255, 0)',
    });
  });

  it('makes no request outside its own origin and logs no console error', () => {
    expect(screen.requests.length).toBeGreaterThan(1);
    expect(foreignRequests(screen)).toStrictEqual([]);
    expect(screen.consoleErrors).toStrictEqual([]);
  });
});
