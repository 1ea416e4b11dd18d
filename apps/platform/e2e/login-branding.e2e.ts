import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditEveryVariant, CLEAN_REPORT, type AccessibilityReport } from './support/accessibility';
import { saveScreenshot } from './support/browser';
import { signInAs, waitForHeading, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// Login-screen branding (/branding/sign-in): the Northwind agency admin sets its headline and
// colours with the live preview, saves, and the sign-in page on its platform host
// (northwind.localhost: Chromium sends *.localhost to loopback) shows them, server-rendered;
// the platform's own sign-in page keeps the baseline. An admin of Northwind Dental, whose
// agency does not let businesses customise the page, gets the read-only view saying so.
// Every screen is checked with axe at 1280 and 390 px, light and dark.
const HEADLINE = 'Welcome to Northwind';
const PRIMARY = '#0f766e';
const PRIMARY_CHANNELS = '175.3 77.4% 26.1%';
const SECONDARY = '#1e293b';

function expectClean(reports: Record<string, AccessibilityReport>): void {
  for (const [variant, report] of Object.entries(reports)) {
    expect(report, variant).toStrictEqual(CLEAN_REPORT);
  }
}

/** A CSS variable as computed on the first element matching `selector`. */
function cssVariable(page: Page, selector: string, name: string): Promise<string> {
  return page.evaluate(
    ([sel, variable]) => {
      const element = document.querySelector(sel);
      return element ? getComputedStyle(element).getPropertyValue(variable).trim() : '';
    },
    [selector, name] as const,
  );
}

/** The sign-in form's button colour (the brand's primary, as rendered). */
function buttonBackground(page: Page): Promise<string> {
  return page
    .getByRole('button', { name: 'Sign in' })
    .evaluate((button) => getComputedStyle(button).backgroundColor);
}

describe('login-screen branding in the browser', () => {
  let agencyAdmin: Visitor;
  let businessAdmin: Visitor;
  let guest: Visitor;
  setupJourney('login-branding', ['agency', 'business', 'guest'], (people) => {
    ({ agency: agencyAdmin, business: businessAdmin, guest } = people);
  });

  it('1. the agency admin opens the sign-in page editor: defaults, preview in both modes', async () => {
    const { page } = agencyAdmin;
    expect(await agencyAdmin.open('/sign-in')).toBe(200);
    await signInAs(agencyAdmin, 'agency-a-admin@demo.local', '/agency');
    expect(await agencyAdmin.open('/branding/sign-in')).toBe(200);
    await waitForHeading(page, 'Branding');
    await page.getByRole('heading', { level: 2, name: 'Preview' }).waitFor();
    await page.getByTestId('login-preview-light').getByText('Northwind Agency').waitFor();
    expect(await page.getByLabel('Headline', { exact: true }).inputValue()).toBe('');
    await agencyAdmin.screen('login-branding-01-editor');
    expectClean(await auditEveryVariant(page, 'login-branding-01-editor'));
  });

  it('2. it sets a headline and colours, sees them in the preview, and saves', async () => {
    const { page } = agencyAdmin;
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page
      .getByLabel('Sub-headline', { exact: true })
      .fill('Sign in to <b>your</b> Northwind workspace');
    await page.locator('#login-primary').fill(PRIMARY);
    await page.locator('#login-secondary').fill(SECONDARY);
    await page.getByLabel('Support link text').fill('Email support');
    await page.getByLabel('Support link address (https: or mailto:)').fill('javascript:alert(1)');
    await page.getByText('Must be an https:// address or a mailto: link').waitFor();
    expect(await page.getByRole('button', { name: 'Save sign-in page' }).isDisabled()).toBe(true);
    await page
      .getByLabel('Support link address (https: or mailto:)')
      .fill('mailto:help@northwind.example');
    const preview = page.getByTestId('login-preview-dark');
    await preview.getByText(HEADLINE).waitFor();
    // Markup in copy is text.
    await preview.getByText('Sign in to <b>your</b> Northwind workspace').waitFor();
    expect(await cssVariable(page, '[data-testid="login-preview-light"] > div', '--primary')).toBe(
      PRIMARY_CHANNELS,
    );
    await agencyAdmin.screen('login-branding-02-draft');
    await page.getByLabel('Change note (optional)').fill('Northwind look');
    await page.getByRole('button', { name: 'Save sign-in page' }).click();
    await waitForToast(page, 'Sign-in page saved (version 1)');
    await page.getByText('Version 1 is live.', { exact: false }).waitFor();
    expect(await page.getByLabel('Headline', { exact: true }).inputValue()).toBe(HEADLINE);
    await agencyAdmin.screen('login-branding-03-saved');
  });

  it('3. the sign-in page on the agency’s platform host shows its branding, server-rendered', async () => {
    // Its own context: the visitors' contexts refuse every origin but the app's.
    const browser = guest.page.context().browser();
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const port = new URL(guest.origin).port;
      const response = await page.goto(`http://northwind.localhost:${port}/sign-in`, {
        waitUntil: 'networkidle',
      });
      expect(response?.status()).toBe(200);
      // In the HTML as served, before any script runs.
      const html = (await response?.text()) ?? '';
      expect(html).toContain(HEADLINE);
      expect(html).toContain('Sign in to &lt;b&gt;your&lt;/b&gt; Northwind workspace');
      await waitForHeading(page, 'Sign in');
      await page.getByText(HEADLINE).waitFor();
      await page.getByRole('banner').getByText('Northwind Agency').waitFor();
      expect(await page.getByRole('link', { name: 'Email support' }).getAttribute('href')).toBe(
        'mailto:help@northwind.example',
      );
      expect(await buttonBackground(page)).toBe('rgb(15, 118, 110)');
      await saveScreenshot(page, 'login-branding-04-platform-host');
      expectClean(await auditEveryVariant(page, 'login-branding-04-platform-host'));
    } finally {
      await context.close();
    }

    // The platform's own host keeps the baseline.
    const { page } = guest;
    expect(await guest.open('/sign-in')).toBe(200);
    await waitForHeading(page, 'Sign in');
    expect(await page.getByText(HEADLINE).count()).toBe(0);
    await page.getByRole('banner').getByText('aiConnected').waitFor();
    await guest.screen('login-branding-05-platform-baseline');
  });

  it('4. a business admin whose agency does not allow it gets the read-only view', async () => {
    const { page } = businessAdmin;
    expect(await businessAdmin.open('/sign-in')).toBe(200);
    await signInAs(businessAdmin, 'business-a1-admin@demo.local', '/business');
    expect(await businessAdmin.open('/branding/sign-in')).toBe(200);
    await waitForHeading(page, 'Branding');
    await page.getByText('Read only').waitFor();
    await page
      .getByText(
        'Northwind Agency controls the sign-in page of its businesses. Ask them to allow business customisation to change it here.',
      )
      .waitFor();
    expect(await page.getByLabel('Headline', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save sign-in page' }).count()).toBe(0);
    // It shows what the business's page shows: the agency's.
    await page.getByTestId('login-preview-light').getByText(HEADLINE).waitFor();
    await businessAdmin.screen('login-branding-06-business-read-only');
    expectClean(await auditEveryVariant(page, 'login-branding-06-business-read-only'));
  });
});
