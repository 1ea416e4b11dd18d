import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditEveryVariant, CLEAN_REPORT, type AccessibilityReport } from './support/accessibility';
import { signInAs, waitForHeading, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// The theme editor (/branding/theme): an agency admin changes its primary colour, sees it in
// the live preview, saves, and after a reload the page itself uses it; it locks the token, and
// an admin of one of its businesses sees it read-only. Every screen is checked with axe at
// 1280 and 390 px, light and dark.
const BLUE = '#1d4ed8';
const BLUE_CHANNELS = '224.3 76.3% 48%';

function expectClean(reports: Record<string, AccessibilityReport>): void {
  for (const [variant, report] of Object.entries(reports)) {
    expect(report, variant).toStrictEqual(CLEAN_REPORT);
  }
}

/** Waits until the document's own `name` variable (the emitted workspace theme) is `value`. */
async function waitForPageVariable(page: Page, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([variable, expected]) =>
      getComputedStyle(document.documentElement).getPropertyValue(variable).trim() === expected,
    [name, value] as const,
  );
}

/** A CSS variable as computed on the element matching `selector` (the document by default). */
function cssVariable(page: Page, name: string, selector = ':root'): Promise<string> {
  return page.evaluate(
    ([sel, variable]) => {
      const element = document.querySelector(sel);
      return element ? getComputedStyle(element).getPropertyValue(variable).trim() : '';
    },
    [selector, name] as const,
  );
}

describe('theme editor in the browser', () => {
  let agencyAdmin: Visitor;
  let businessAdmin: Visitor;
  setupJourney('theme', ['agency', 'business'], (people) => {
    ({ agency: agencyAdmin, business: businessAdmin } = people);
  });

  it('1. the agency admin opens the editor: every token inherited, the preview in both modes', async () => {
    const { page } = agencyAdmin;
    expect(await agencyAdmin.open('/sign-in')).toBe(200);
    await signInAs(agencyAdmin, 'agency-a-admin@demo.local', '/agency');
    expect(await agencyAdmin.open('/branding/theme')).toBe(200);
    await waitForHeading(page, 'Branding');
    await page.getByRole('heading', { level: 2, name: 'Preview' }).waitFor();
    expect(await cssVariable(page, '--primary', '#theme-preview-light')).toBe('240 5.9% 10%');
    expect(await cssVariable(page, '--primary', '#theme-preview-dark')).toBe('0 0% 98%');
    await page.getByText('No versions yet').waitFor();
    await agencyAdmin.screen('theme-01-agency-editor');
    expectClean(await auditEveryVariant(page, 'theme-01-agency-editor'));
  });

  it('2. a colour below AA contrast is flagged and cannot be saved', async () => {
    const { page } = agencyAdmin;
    await page.locator('#token-light-primary').fill('#9ca3af');
    await page.getByText('Text would be hard to read').waitFor();
    expect(await page.getByRole('button', { name: 'Save theme' }).isDisabled()).toBe(true);
    await agencyAdmin.screen('theme-02-contrast-warning');
  });

  it('3. it sets the primary colour, sees the preview change, locks it and saves', async () => {
    const { page } = agencyAdmin;
    await page.locator('#token-light-primary').fill(BLUE);
    await page.locator('#token-dark-primary').fill(BLUE);
    await page.locator('#token-dark-primary-foreground').fill('#ffffff');
    expect(await cssVariable(page, '--primary', '#theme-preview-light')).toBe(BLUE_CHANNELS);
    expect(await cssVariable(page, '--primary', '#theme-preview-dark')).toBe(BLUE_CHANNELS);
    // Not saved yet: the page itself still uses the inherited colour.
    expect(await cssVariable(page, '--primary')).toBe('240 5.9% 10%');
    await page.getByRole('button', { name: 'Lock primary for child workspaces' }).click();
    await page.getByLabel('Change note').fill('Northwind blue');
    await agencyAdmin.screen('theme-03-draft');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await waitForToast(page, 'Theme saved as version 1.');

    expect(await agencyAdmin.open('/branding/theme')).toBe(200);
    expect(await cssVariable(page, '--primary')).toBe(BLUE_CHANNELS);
    await page.getByRole('cell', { name: 'Northwind blue' }).waitFor();
    await agencyAdmin.screen('theme-04-saved');
    expectClean(await auditEveryVariant(page, 'theme-04-saved'));
  });

  it('4. a business admin of that agency sees the locked token read-only, with who locked it', async () => {
    const { page } = businessAdmin;
    expect(await businessAdmin.open('/sign-in')).toBe(200);
    await signInAs(businessAdmin, 'business-a1-admin@demo.local', '/business');
    expect(await businessAdmin.open('/branding/theme')).toBe(200);
    await waitForHeading(page, 'Branding');
    expect(await cssVariable(page, '--primary')).toBe(BLUE_CHANNELS);
    const primary = page.locator('#token-light-primary');
    expect(await primary.inputValue()).toBe(BLUE_CHANNELS);
    expect(await primary.isDisabled()).toBe(true);
    expect(await page.getByText('Locked by Northwind Agency').count()).toBeGreaterThan(0);
    // An unlocked token stays editable, and businesses get no lock toggles.
    expect(await page.locator('#token-light-accent').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: /^Lock / }).count()).toBe(0);
    await businessAdmin.screen('theme-05-business-locked');
    expectClean(await auditEveryVariant(page, 'theme-05-business-locked'));
  });

  it('5. the agency admin imports TweakCN CSS, saves, and rolls back to version 1', async () => {
    const { page } = agencyAdmin;
    await page.getByRole('button', { name: 'Import from TweakCN' }).click();
    await page
      .getByLabel('CSS', { exact: true })
      .fill(':root { --radius: 1rem; --font-sans: Inter, sans-serif; --brand: #f0f; }');
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.getByText('--radius (both modes): 0.5rem → 1rem').waitFor();
    await page.getByText('Not a theme token: ignored').waitFor();
    await agencyAdmin.screen('theme-06-import');
    await page.getByRole('button', { name: 'Apply 2 to the draft' }).click();
    await waitForToast(page, '2 values applied to the draft. Review the preview, then save.');
    expect(await cssVariable(page, '--radius', '#theme-preview-light')).toBe('1rem');
    expect(await cssVariable(page, '--font-sans', '#theme-preview-light')).toMatch(
      /^'Inter Variable'/,
    );
    await page.getByLabel('Change note').fill('Rounder, Inter');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await waitForToast(page, 'Theme saved as version 2.');
    await page.getByRole('cell', { name: 'Rounder, Inter' }).waitFor();
    // The refreshed page carries the new theme without a reload.
    await waitForPageVariable(page, '--radius', '1rem');

    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByLabel('Why').fill('Back to square corners');
    await agencyAdmin.screen('theme-07-rollback-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await waitForToast(page, 'Rolled back to version 1; saved as version 3.');
    await page.getByRole('cell', { name: /Back to square corners/ }).waitFor();
    await waitForPageVariable(page, '--radius', '0.5rem');
    expect(await cssVariable(page, '--primary')).toBe(BLUE_CHANNELS);
    await agencyAdmin.screen('theme-08-rolled-back');
  });
});
