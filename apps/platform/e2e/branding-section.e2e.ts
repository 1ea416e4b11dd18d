import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { normalizeColor } from '@aiconnected/theme';
import { auditEveryVariant, CLEAN_REPORT } from './support/accessibility';
import { navigationLinks, signInAs, waitForHeading } from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// The branding section (layout, tabs, workspace picker) and the server-side emission of the
// resolved theme: an agency saves its colours, every page of the agency and of its businesses
// carries them in the document itself (no flash of the default theme), light and dark.

const hsl = (colour: string) => {
  const normal = normalizeColor(colour);
  if (!normal.ok) throw new Error(normal.message);
  return normal.value;
};
const LIGHT_PRIMARY = '#b91c1c';
const DARK_PRIMARY = '#fca5a5';

/** The `--primary` the page computes for `<html>` (light, or dark with the class set). */
function primaryOf(page: Page): Promise<string> {
  return page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue('--primary').trim(),
  );
}

/** The document the server sends for `path` (with the visitor's cookie), before any script. */
async function documentOf(visitor: Visitor, path: string): Promise<string> {
  const response = await visitor.page.request.get(new URL(path, visitor.origin).toString());
  expect(response.status()).toBe(200);
  return response.text();
}

/** The sign-in page's document as served for `host` (no session), from the app's own port. */
function signInPageFor(origin: string, host: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const call = request(
      { host: hostname, port, path: '/sign-in', headers: { host: `${host}:${port}` } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(body)
            : reject(new Error(`${host}: ${response.statusCode}`)),
        );
      },
    );
    call.on('error', reject);
    call.end();
  });
}

describe('branding: the section, the workspace picker and the emitted theme', () => {
  let agency: Visitor;
  let business: Visitor;
  let businessUser: Visitor;
  setupJourney('branding', ['agency', 'business', 'businessUser'], (people) => {
    ({ agency, business, businessUser } = people);
  });

  it('1. an agency admin opens Branding from the navigation and sees its tabs and picker', async () => {
    const { page } = agency;
    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
    expect(await navigationLinks(page)).toContain('Branding');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Branding' })
      .click();
    await agency.arriveAt('/branding/theme');
    await waitForHeading(page, 'Branding');
    const tabs = page.getByRole('navigation', { name: 'Branding' }).getByRole('link');
    expect(await tabs.allInnerTexts()).toStrictEqual(['Theme', 'Logos', 'Sign-in page', 'Domains']);
    const picker = page.getByLabel('Workspace', { exact: true });
    expect(await picker.locator('option').allInnerTexts()).toStrictEqual([
      'Northwind Agency (this agency)',
      'Northwind Bakery (business)',
      'Northwind Dental (business)',
    ]);
    await agency.screen('branding-01-section');
  });

  it('2. the picker puts the chosen workspace in the URL, and the tabs keep it', async () => {
    const { page } = agency;
    const dental = await page
      .getByLabel('Workspace', { exact: true })
      .locator('option', { hasText: 'Northwind Dental' })
      .getAttribute('value');
    await page
      .getByLabel('Workspace', { exact: true })
      .selectOption({ label: 'Northwind Dental (business)' });
    await page.waitForURL(`**/branding/theme?workspace=${dental}`);
    const href = await page
      .getByRole('navigation', { name: 'Branding' })
      .getByRole('link', { name: 'Logos' })
      .getAttribute('href');
    expect(href).toBe(`/branding/logos?workspace=${dental}`);
    await agency.screen('branding-02-picked-business');
    // A workspace the picker does not offer: the page alone says so, with its one h1.
    await agency.open('/branding/theme?workspace=00000000-0000-4000-8000-000000000000');
    await waitForHeading(page, 'You don’t have access to this page');
    expect(await page.locator('h1').count()).toBe(1);
  });

  it('3. a saved agency theme is in the document of its pages, light and dark', async () => {
    const { page } = agency;
    const saved = await page.evaluate(
      async (tokens) => {
        const response = await fetch('/api/themes/current', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ theme_tokens: tokens, change_note: 'Northwind red' }),
        });
        return response.status;
      },
      { light: { primary: LIGHT_PRIMARY }, dark: { primary: DARK_PRIMARY } },
    );
    expect(saved).toBe(200);
    const html = await documentOf(agency, '/agency');
    expect(html).toContain(`--primary: ${hsl(LIGHT_PRIMARY)};`);
    expect(html).toContain(`--primary: ${hsl(DARK_PRIMARY)};`);
    await agency.open('/agency');
    expect(await primaryOf(page)).toBe(hsl(LIGHT_PRIMARY));
    const reports = await auditEveryVariant(page, 'branding-03-agency-themed');
    for (const report of Object.values(reports)) expect(report).toStrictEqual(CLEAN_REPORT);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    expect(await primaryOf(page)).toBe(hsl(DARK_PRIMARY));
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('4. a business of that agency inherits it from its first byte', async () => {
    const { page } = business;
    expect(await business.open('/sign-in')).toBe(200);
    await signInAs(business, 'business-a1-admin@demo.local', '/business');
    expect(await documentOf(business, '/business')).toContain(`--primary: ${hsl(LIGHT_PRIMARY)};`);
    expect(await primaryOf(page)).toBe(hsl(LIGHT_PRIMARY));
    await business.screen('branding-04-business-inherits');
  });

  it('5. a member without branding rights has no Branding entry and is refused the tabs', async () => {
    const { page } = businessUser;
    expect(await businessUser.open('/sign-in')).toBe(200);
    await signInAs(businessUser, 'business-a1-user@demo.local', '/business');
    expect(await navigationLinks(page)).not.toContain('Branding');
    expect(await businessUser.open('/branding/theme')).toBe(403);
    expect(await businessUser.open('/branding')).toBe(403);
    // Chromium reports each 403 document in the console; those lines are the refusals.
    await businessUser.screen('branding-05-refused', {
      expectedConsoleErrors: ['/branding/theme', '/branding'].map(
        (path) =>
          `Failed to load resource: the server responded with a status of 403 (Forbidden) (${businessUser.origin}${path})`,
      ),
    });
  });

  it('6. signed out, the platform host of the agency shows its theme, the platform the baseline', async () => {
    // PLATFORM_CUSTOM_DOMAIN_ROOT is localhost in tests: northwind.localhost is Northwind's host.
    const agencyPage = await signInPageFor(agency.origin, 'northwind.localhost');
    expect(agencyPage).toContain(`--primary: ${hsl(LIGHT_PRIMARY)};`);
    const platformPage = await signInPageFor(agency.origin, 'localhost');
    expect(platformPage).toContain('<style id="workspace-theme"');
    expect(platformPage).not.toContain(`--primary: ${hsl(LIGHT_PRIMARY)};`);
  });
});
