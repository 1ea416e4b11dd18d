import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '@aiconnected/db';
import { foreignRequests, openScreen, saveScreenshot, type Screen } from './support/browser';
import { startE2eApp, type E2eApp } from './support/e2e-app';

// Swagger UI, served from our own origin; the operation is found by its summary, as a reader would.
describe('the API reference at /api/docs', () => {
  let app: E2eApp | undefined;
  let screen: Screen;

  beforeAll(async () => {
    app = await startE2eApp();
    screen = await openScreen(app.browser, `${app.baseUrl}/api/docs`);
  });
  afterAll(async () => {
    await screen?.close();
    await app?.stop();
  });

  it('renders the API title and lists GET /health', async () => {
    const { page } = screen;

    expect(screen.response?.status()).toBe(200);
    await page.getByRole('heading', { name: /aiConnected Core Shell API/ }).waitFor();
    const health = page.locator('.opblock', { hasText: 'Platform health' });
    await health.waitFor();
    expect(await health.locator('.opblock-summary-method').innerText()).toBe('GET');
    expect(await health.locator('.opblock-summary-path').innerText()).toBe('/api/health');
    await saveScreenshot(page, 'api-docs');
  });

  it('runs GET /health from the page: "Try it out", "Execute", and reads the live answer', async () => {
    const { page } = screen;
    const newest = (await listMigrations(MIGRATIONS_DIR)).at(-1)?.version;
    const health = page.locator('.opblock', { hasText: 'Platform health' });

    await health.locator('.opblock-summary').click();
    await health.getByRole('button', { name: 'Try it out' }).click();
    await health.getByRole('button', { name: 'Execute' }).click();

    // The "Server response" table: one row with the status code and the body as received.
    const answer = health.locator('.live-responses-table tbody tr.response');
    await answer.waitFor();
    expect(await answer.locator('.response-col_status').innerText()).toBe('200');
    const body: unknown = JSON.parse(await answer.locator('pre.microlight').first().innerText());
    expect(body).toStrictEqual({ status: 'ok', database: 'ok', schema_version: newest });
    await health.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'api-docs-health-executed');
  });

  it('makes no request outside its own origin and logs no console error', () => {
    expect(screen.requests).toEqual(
      expect.arrayContaining([`${screen.origin}/api/openapi.json`, `${screen.origin}/api/health`]),
    );
    expect(foreignRequests(screen)).toStrictEqual([]);
    expect(screen.consoleErrors).toStrictEqual([]);
  });
});
