import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDnsStandIn, type DnsStandIn } from '@aiconnected/branding/testing';
import { normalColor } from '@aiconnected/theme';
import { auditEveryVariant, expectClean } from './support/accessibility';
import {
  foreignRequests,
  gotoSettled,
  launchBrowser,
  saveScreenshot,
  watchContext,
} from './support/browser';
import {
  fillSignIn,
  navigationLinks,
  signInAs,
  waitForHeading,
  waitForToast,
} from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// White-label, the way an agency does it (issue 9): the Northwind agency admin sets its colours
// (contrast check, a lock for its businesses, versions, TweakCN import and export, rollback),
// uploads its logo with progress and uses it, sets its sign-in page with the live preview, adds
// its custom domain, publishes the exact TXT record on a real DNS server on loopback (dns2, which
// the app's resolver asks: DNS_RESOLVER_SERVERS) and verifies it. Chromium, told that the domain
// is 127.0.0.1 (--host-resolver-rules), then gets that domain's sign-in page signed out, in the
// agency's logo, colours and headline. A business admin of the agency sees the locked colour
// read-only and the API refuses it. Every branding screen is checked with axe and kept as
// screenshots at 1280 and 390 px, light and dark (test-results/screenshots/white-label-*).

const AGENCY = 'Northwind Agency';
const HOST = `login-${Date.now().toString(36)}.northwind-agency.example`;
const UNKNOWN = 'nobody.northwind-agency.example';
const LIGHT_PRIMARY = '#1d4ed8';
const DARK_PRIMARY = '#93c5fd';
const LOGIN_PRIMARY = '#0f766e';
const HEADLINE = 'Welcome to Northwind';
const BASELINE_LIGHT_PRIMARY = '240 5.9% 10%';
const BASELINE_DARK_PRIMARY = '0 0% 98%';
/** A stored asset's URL: content-addressed, on the app's own origin. */
const ASSET_URL = /^\/api\/branding\/files\/[0-9a-f]{64}\.png$/;

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

/** Waits until the document's own `name` variable (the emitted workspace theme) is `value`. */
async function waitForPageVariable(page: Page, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([variable, expected]) =>
      getComputedStyle(document.documentElement).getPropertyValue(variable).trim() === expected,
    [name, value] as const,
  );
}

/** The document the server sends for `pathname` (with the visitor's cookie), before any script. */
async function documentOf(visitor: Visitor, pathname: string): Promise<string> {
  const response = await visitor.page.request.get(new URL(pathname, visitor.origin).toString());
  expect(response.status()).toBe(200);
  return response.text();
}

/** The natural width of an image once loaded (0: it did not load). */
function naturalWidth(image: ReturnType<Page['getByRole']>): Promise<number> {
  return image.evaluate((img: HTMLImageElement) => img.naturalWidth);
}

let dns: DnsStandIn;
let storageDir: string;
let files: string;
let logoFile: string;
let backgroundFile: string;
let svgFile: string;
let mapped: Browser | undefined;
beforeAll(async () => {
  dns = await startDnsStandIn();
  storageDir = await mkdtemp(path.join(tmpdir(), 'e2e-branding-assets-'));
  files = await mkdtemp(path.join(tmpdir(), 'e2e-logo-files-'));
  // A wordmark-like logo: a blue bar with an amber block, 320 x 80.
  logoFile = path.join(files, 'northwind-logo.png');
  const block = await sharp({
    create: { width: 60, height: 60, channels: 4, background: '#f59e0b' },
  })
    .png()
    .toBuffer();
  await sharp({ create: { width: 320, height: 80, channels: 4, background: LIGHT_PRIMARY } })
    .composite([{ input: block, left: 10, top: 10 }])
    .png()
    .toFile(logoFile);
  // Noise does not compress: about 900 KB, long enough to watch its progress on a slow link.
  backgroundFile = path.join(files, 'background.png');
  await sharp(randomBytes(560 * 540 * 3), { raw: { width: 560, height: 540, channels: 3 } })
    .png()
    .toFile(backgroundFile);
  svgFile = path.join(files, 'logo.svg');
  await writeFile(
    svgFile,
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  );
});
afterAll(async () => {
  await mapped?.close();
  await dns.close();
  await rm(storageDir, { recursive: true, force: true });
  await rm(files, { recursive: true, force: true });
});

describe('white-label: an agency makes the platform its own', () => {
  let agency: Visitor;
  let business: Visitor;
  let member: Visitor;
  let guest: Visitor;
  let port: string;
  setupJourney(
    'white-label',
    ['agency', 'business', 'member', 'guest'],
    (people) => {
      ({ agency, business, member, guest } = people);
      port = new URL(agency.origin).port;
      // DNS checks and the first loads of a busy shared machine can take longer than 10 s.
      agency.page.setDefaultTimeout(30_000);
    },
    () => ({ env: { DNS_RESOLVER_SERVERS: dns.server, BRANDING_STORAGE_DIR: storageDir } }),
  );

  it('1. the agency admin opens Branding: its tabs, the workspace picker, every token inherited', async () => {
    const { page } = agency;
    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
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
    // The preview shows the platform baseline in both modes; nothing saved yet.
    await page.getByRole('heading', { level: 2, name: 'Preview' }).waitFor();
    expect(await cssVariable(page, '--primary', '#theme-preview-light')).toBe(
      BASELINE_LIGHT_PRIMARY,
    );
    expect(await cssVariable(page, '--primary', '#theme-preview-dark')).toBe(BASELINE_DARK_PRIMARY);
    await page.getByText('No versions yet').waitFor();
    await agency.screen('white-label-01-theme-editor');
    expectClean(await auditEveryVariant(page, 'white-label-01-theme-editor'));

    // The picker puts the chosen workspace in the URL, and the tabs keep it.
    const dental = await picker
      .locator('option', { hasText: 'Northwind Dental' })
      .getAttribute('value');
    await picker.selectOption({ label: 'Northwind Dental (business)' });
    await page.waitForURL(`**/branding/theme?workspace=${dental}`);
    expect(
      await page
        .getByRole('navigation', { name: 'Branding' })
        .getByRole('link', { name: 'Logos' })
        .getAttribute('href'),
    ).toBe(`/branding/logos?workspace=${dental}`);
    // A workspace the picker does not offer: the page alone says so, with its one h1.
    await agency.open('/branding/theme?workspace=00000000-0000-4000-8000-000000000000');
    await waitForHeading(page, 'You don’t have access to this page');
    expect(await page.locator('h1').count()).toBe(1);
    await agency.screen('white-label-02-unknown-workspace');
  }, 120_000);

  it('2. it sets its colours: a colour below AA is blocked; it locks primary and saves version 1', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/theme')).toBe(200);
    await page.locator('#token-light-primary').fill('#9ca3af');
    await page.getByText('Text would be hard to read').waitFor();
    expect(await page.getByRole('button', { name: 'Save theme' }).isDisabled()).toBe(true);
    await agency.screen('white-label-03-contrast-blocked');

    await page.locator('#token-light-primary').fill(LIGHT_PRIMARY);
    await page.locator('#token-dark-primary').fill(DARK_PRIMARY);
    expect(await cssVariable(page, '--primary', '#theme-preview-light')).toBe(
      normalColor(LIGHT_PRIMARY),
    );
    expect(await cssVariable(page, '--primary', '#theme-preview-dark')).toBe(
      normalColor(DARK_PRIMARY),
    );
    // Not saved yet: the page itself still uses the inherited colour.
    expect(await cssVariable(page, '--primary')).toBe(BASELINE_LIGHT_PRIMARY);
    await page.getByRole('button', { name: 'Lock primary for child workspaces' }).click();
    await page.getByLabel('Change note').fill('Northwind blue');
    await agency.screen('white-label-04-theme-draft');
    await page.getByRole('button', { name: 'Save theme' }).click();
    await waitForToast(page, 'Theme saved as version 1.');

    // Every page of the agency carries it in the document itself (no flash), light and dark.
    const html = await documentOf(agency, '/agency');
    expect(html).toContain(`--primary: ${normalColor(LIGHT_PRIMARY)};`);
    expect(html).toContain(`--primary: ${normalColor(DARK_PRIMARY)};`);
    expect(await agency.open('/branding/theme')).toBe(200);
    expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    expect(await cssVariable(page, '--primary')).toBe(normalColor(DARK_PRIMARY));
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('cell', { name: 'Northwind blue' }).waitFor();
    await agency.screen('white-label-05-theme-saved');
    expectClean(await auditEveryVariant(page, 'white-label-05-theme-saved'));
  }, 120_000);

  it('3. it exports the theme as TweakCN CSS, imports TweakCN CSS, and a stale tab gets CONFLICT', async () => {
    const { page } = agency;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('northwind-agency-theme.css');
    const exported = await readFile(await download.path(), 'utf8');
    expect(exported).toMatch(/^@tailwind base;/);
    expect(exported).toContain(`--primary: ${normalColor(LIGHT_PRIMARY)};`);
    expect(exported).toContain(`--primary: ${normalColor(DARK_PRIMARY)};`);

    // A second tab opened on version 1, before the save below.
    const staleTab = await page.context().newPage();
    await gotoSettled(staleTab, new URL('/branding/theme', agency.origin).toString());

    await page.bringToFront();
    await page.getByRole('button', { name: 'Import from TweakCN' }).click();
    await page
      .getByLabel('CSS', { exact: true })
      .fill(':root { --radius: 1rem; --font-sans: Inter, sans-serif; --brand: #f0f; }');
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.getByText('--radius (both modes): 0.5rem → 1rem').waitFor();
    await page.getByText('Not a theme token: ignored').waitFor();
    await agency.screen('white-label-06-tweakcn-import');
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

    // The other tab still edits version 1: its save would drop version 2, so it is refused.
    await staleTab.bringToFront();
    await staleTab.locator('#token-light-accent').fill('#e0e7ff');
    await staleTab.getByLabel('Change note').fill('From the old tab');
    await staleTab.getByRole('button', { name: 'Save theme' }).click();
    // Said once, under the save button (no toast repeats it), with the way out.
    const conflict = staleTab.getByRole('alert').filter({
      hasText:
        'Someone saved this theme after you opened it: reload to see their changes, then save again.',
    });
    await conflict.waitFor();
    expect(
      await staleTab
        .getByText('Someone saved this theme after you opened it', { exact: false })
        .count(),
    ).toBe(1);
    await saveScreenshot(staleTab, 'white-label-07-stale-tab-conflict');
    await conflict.getByRole('button', { name: 'Reload latest' }).click();
    await staleTab.getByRole('cell', { name: 'Rounder, Inter' }).waitFor();
    await staleTab.close();
    await page.bringToFront();
    await agency.screen('white-label-08-version-2');
  }, 120_000);

  it('4. it rolls back to version 1', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/theme')).toBe(200);
    // Only versions 1 and 2 exist: the stale tab saved nothing.
    expect(await page.getByRole('button', { name: /^Roll back to version / }).count()).toBe(1);
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByLabel('Why').fill('Back to square corners');
    await agency.screen('white-label-09-rollback-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await waitForToast(page, 'Rolled back to version 1; saved as version 3.');
    await page.getByRole('cell', { name: /Back to square corners/ }).waitFor();
    await waitForPageVariable(page, '--radius', '0.5rem');
    expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
    await agency.screen('white-label-10-rolled-back');
    await page.getByText('3 versions shown (all)', { exact: true }).waitFor();

    // On a 390 px phone the history fits its box: who and when stack under the note.
    await page.setViewportSize({ width: 390, height: 844 });
    const history = page.getByRole('region', { name: 'Theme versions' });
    await history
      .getByText(/^Avery Admin, \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)
      .first()
      .waitFor();
    expect(await history.evaluate((box) => box.scrollWidth - box.clientWidth)).toBe(0);
    await history.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'white-label-10-rolled-back-history-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('5. it uploads its logo with the file picker and uses it; the header shows it everywhere', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/logos')).toBe(200);
    await page.getByRole('heading', { level: 2, name: 'Logo', exact: true }).waitFor();
    await page
      .getByText('No logo uploaded for this workspace yet', { exact: true })
      .first()
      .waitFor();
    // The header shows the product name until a logo is used.
    await page.getByRole('banner').getByRole('link', { name: 'aiConnected' }).waitFor();
    await agency.screen('white-label-11-logos-empty');
    expectClean(await auditEveryVariant(page, 'white-label-11-logos-empty'));

    await page.getByLabel('Upload a new logo', { exact: true }).setInputFiles(logoFile);
    await waitForToast(page, 'Logo uploaded. Choose “Use this” to show it.');
    expect((await readdir(storageDir)).filter((name) => name.endsWith('.png'))).toHaveLength(1);
    await page.getByRole('button', { name: 'Use this logo (320×80)' }).click();
    await waitForToast(page, 'Logo updated.');
    await page.getByText('In use', { exact: true }).waitFor();
    // Without its own, dark mode uses this logo, and says so.
    await page.getByText('None set here or above: dark mode uses the logo.').waitFor();
    const headerLogo = page.getByRole('banner').getByRole('img', { name: AGENCY });
    expect(await headerLogo.getAttribute('src')).toMatch(ASSET_URL);
    await agency.screen('white-label-12-logo-in-use');
    expectClean(await auditEveryVariant(page, 'white-label-12-logo-in-use'));
    expect(await agency.open('/agency')).toBe(200);
    await page.getByRole('banner').getByRole('img', { name: AGENCY }).waitFor();
  }, 120_000);

  it('6. a large sign-in background shows its upload progress on a slow link; an SVG is refused, saying why', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/logos')).toBe(200);
    const cdp = await page.context().newCDPSession(page);
    // About 150 KB/s up: the ~900 KB file takes several seconds.
    const link = { offline: false, downloadThroughput: -1 };
    await cdp.send('Network.emulateNetworkConditions', {
      ...link,
      latency: 20,
      uploadThroughput: 150 * 1024,
    });
    await page
      .getByLabel('Upload a new sign-in background', { exact: true })
      .setInputFiles(backgroundFile);
    await page.getByRole('progressbar', { name: 'Uploading sign-in background' }).waitFor();
    await page.waitForFunction(
      () => Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) > 0,
    );
    await saveScreenshot(page, 'white-label-13-upload-progress');
    await waitForToast(page, 'Sign-in background uploaded. Choose “Use this” to show it.');
    await cdp.send('Network.emulateNetworkConditions', {
      ...link,
      latency: 0,
      uploadThroughput: -1,
    });
    await cdp.detach();
    await page.getByRole('button', { name: 'Use this sign-in background (560×540)' }).click();
    await waitForToast(page, 'Sign-in background updated.');

    await page.getByLabel('Upload a new logo', { exact: true }).setInputFiles(svgFile);
    await page
      .getByText(
        'SVG is refused: an SVG is a document that can carry scripts and external links, and it is not sanitised here. Export a PNG or WebP.',
      )
      .waitFor();
    await agency.screen('white-label-14-svg-refused', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (${agency.origin}/api/branding/assets/logo-upload-url)`,
      ],
    });
  });

  it('7. signed in on its own platform host (northwind.localhost), an upload works too', async () => {
    // Chromium sends *.localhost to loopback. The upload URL is path-relative, and the origin
    // check accepts the host's own origin: both are needed for this upload to land.
    const browser = agency.page.context().browser();
    if (!browser) throw new Error('no browser');
    const origin = `http://northwind.localhost:${port}`;
    const watched = await watchContext(browser, origin);
    try {
      const page = await watched.newPage();
      expect((await gotoSettled(page, `${origin}/sign-in`))?.status()).toBe(200);
      // Signed out, the host already wears the agency's theme.
      expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
      await fillSignIn(page, 'agency-a-admin@demo.local');
      await page.waitForURL(`${origin}/agency`);
      await gotoSettled(page, `${origin}/branding/logos`);
      await page
        .getByLabel('Upload a new logo for dark mode', { exact: true })
        .setInputFiles(logoFile);
      await waitForToast(page, 'Logo for dark mode uploaded. Choose “Use this” to show it.');
      await page.getByRole('button', { name: 'Use this logo for dark mode (320×80)' }).waitFor();
      await saveScreenshot(page, 'white-label-15-upload-on-platform-host');
      expect(foreignRequests({ requests: watched.requests, origin })).toStrictEqual([]);
      expect(watched.consoleErrors).toStrictEqual([]);
    } finally {
      await watched.context.close();
    }
  });

  it('8. it sets its sign-in page: headline and colours in the live preview, checked, saved', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/sign-in')).toBe(200);
    await page.getByRole('heading', { level: 2, name: 'Preview' }).waitFor();
    // No logo picked: the preview shows what the page will, the agency's logo over its
    // sign-in background.
    expect(
      await page.getByLabel('Logo', { exact: true }).locator('option:checked').innerText(),
    ).toBe('The logo in use');
    const lightPreview = page.getByTestId('login-preview-light');
    expect(await lightPreview.getByRole('img', { name: AGENCY }).getAttribute('src')).toMatch(
      ASSET_URL,
    );
    expect(await lightPreview.getByTestId('sign-in-background').getAttribute('src')).toMatch(
      ASSET_URL,
    );
    expect(await page.getByLabel('Headline', { exact: true }).inputValue()).toBe('');
    await page.getByLabel('Headline', { exact: true }).fill(HEADLINE);
    await page
      .getByLabel('Sub-headline', { exact: true })
      .fill('Sign in to <b>your</b> Northwind workspace');
    await page.locator('#login-primary').fill(LOGIN_PRIMARY);
    await page.locator('#login-secondary').fill('#1e293b');
    await page.getByLabel('Support link text').fill('Email support');
    const supportLink = page.getByLabel('Support link address (https: or mailto:)');
    await supportLink.fill('javascript:alert(1)');
    await page.getByText('Must be an https:// address or a mailto: link').waitFor();
    expect(await page.getByRole('button', { name: 'Save sign-in page' }).isDisabled()).toBe(true);
    await supportLink.fill('mailto:help@northwind.example');
    const preview = page.getByTestId('login-preview-dark');
    await preview.getByText(HEADLINE).waitFor();
    // Markup in copy is text.
    await preview.getByText('Sign in to <b>your</b> Northwind workspace').waitFor();
    expect(await cssVariable(page, '--primary', '[data-testid="login-preview-light"] > div')).toBe(
      normalColor(LOGIN_PRIMARY),
    );
    await agency.screen('white-label-16-sign-in-draft');
    await page.getByLabel('Change note (optional)').fill('Northwind look');
    await page.getByRole('button', { name: 'Save sign-in page' }).click();
    await waitForToast(page, 'Sign-in page saved (version 1)');
    await page.getByText('Version 1 is live.', { exact: false }).waitFor();
    expect(await page.getByLabel('Headline', { exact: true }).inputValue()).toBe(HEADLINE);
    await agency.screen('white-label-17-sign-in-saved');
    expectClean(await auditEveryVariant(page, 'white-label-17-sign-in-saved'));
  }, 120_000);

  it('9. it adds its domain and copies the exact TXT record; verifying before publishing says why', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/domains')).toBe(200);
    // Its platform address as a browser reaches it: with the local server's port, linked.
    const platformAddress = page.getByRole('link', { name: `northwind.localhost:${port}` });
    expect(await platformAddress.getAttribute('href')).toBe(`http://northwind.localhost:${port}`);
    await page.getByText('No custom domains yet').waitFor();
    await agency.screen('white-label-18-domains-empty');
    expectClean(await auditEveryVariant(page, 'white-label-18-domains-empty'));

    await page.getByLabel('Domain').fill(`  ${HOST.toUpperCase()}.`);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await waitForToast(page, `${HOST} added. Publish its TXT record, then verify.`);
    await page.getByRole('heading', { level: 3, name: HOST }).waitFor();
    await page.getByText(`_aiconnected-challenge.${HOST}`, { exact: true }).waitFor();
    await page.getByText('Waiting for DNS').waitFor();
    const value = await page.getByText(/^aiconnected-verification=/).innerText();
    expect(value).toMatch(/^aiconnected-verification=[A-Za-z0-9_-]{32}$/);
    // The copy button puts exactly that value on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: agency.origin,
    });
    await page.getByRole('button', { name: 'Copy record value' }).click();
    await waitForToast(page, 'Record value copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
    await agency.screen('white-label-19-domain-added');

    await page.getByRole('button', { name: `Verify ${HOST}` }).click();
    await waitForToast(
      page,
      'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
    );
    await page.getByText(/Last checked .*: no TXT record found\./).waitFor();
    // The browser logs the API's 422 answer itself.
    await agency.screen('white-label-20-no-record-yet', {
      expectedConsoleErrors: [
        expect.stringMatching(
          /^Failed to load resource: the server responded with a status of 422 .*\/verify\)$/,
        ) as string,
      ],
    });
  }, 120_000);

  it('10. the record is published on the DNS server; verifying turns the domain verified', async () => {
    const { page } = agency;
    const value = await page.getByText(/^aiconnected-verification=/).innerText();
    // Split in two chunks, as long TXT values are.
    dns.publishTxt(`_aiconnected-challenge.${HOST}`, [[value.slice(0, 20), value.slice(20)]]);
    await page.getByRole('button', { name: `Verify ${HOST}` }).click();
    await waitForToast(page, `${HOST} is verified.`);
    await page.getByText('Verified', { exact: true }).waitFor();
    await agency.screen('white-label-21-domain-verified');
    expectClean(await auditEveryVariant(page, 'white-label-21-domain-verified'));
  }, 120_000);

  it('11. signed out, the sign-in page on the domain wears the agency’s logo, colours and headline', async () => {
    mapped = await launchBrowser([
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP ${UNKNOWN} 127.0.0.1`,
    ]);
    const origin = `http://${HOST}:${port}`;
    const watched = await watchContext(mapped, origin);
    const page = await watched.newPage();
    const response = await gotoSettled(page, `${origin}/sign-in`);
    expect(response?.status()).toBe(200);
    // In the HTML as served, before any script runs: the copy, as text, and the theme.
    const html = (await response?.text()) ?? '';
    expect(html).toContain(HEADLINE);
    expect(html).toContain('Sign in to &lt;b&gt;your&lt;/b&gt; Northwind workspace');
    expect(html).toContain(`--primary: ${normalColor(LIGHT_PRIMARY)};`);
    await waitForHeading(page, 'Sign in');
    // The header and the sign-in panel both show the agency's logo (no sign-in logo chosen),
    // the panel over the sign-in background.
    expect(await naturalWidth(page.getByRole('banner').getByRole('img', { name: AGENCY }))).toBe(
      320,
    );
    const panel = page.getByTestId('sign-in-brand-panel');
    await panel.getByText(HEADLINE).waitFor();
    const logo = panel.getByRole('img', { name: AGENCY });
    expect(await logo.getAttribute('src')).toMatch(ASSET_URL);
    expect(await naturalWidth(logo)).toBe(320);
    const background = panel.getByTestId('sign-in-background');
    expect(await background.getAttribute('src')).toMatch(ASSET_URL);
    expect(await background.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(560);
    // The page wears the agency's theme; the sign-in frame its sign-in colour.
    expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
    expect(
      await page
        .getByRole('button', { name: 'Sign in' })
        .evaluate((button) => getComputedStyle(button).backgroundColor),
    ).toBe('rgb(15, 118, 110)');
    expect(await page.getByRole('link', { name: 'Email support' }).getAttribute('href')).toBe(
      'mailto:help@northwind.example',
    );
    await saveScreenshot(page, 'white-label-22-custom-domain-sign-in');
    expectClean(await auditEveryVariant(page, 'white-label-22-custom-domain-sign-in'));
    expect(foreignRequests({ requests: watched.requests, origin })).toStrictEqual([]);
    expect(watched.consoleErrors).toStrictEqual([]);
    await watched.context.close();

    // An unknown host gets the neutral page, naming nobody, and its API answers NOT_FOUND.
    const stranger = await mapped.newPage();
    const neutral = await stranger.goto(`http://${UNKNOWN}:${port}/sign-in`);
    expect(neutral?.status()).toBe(404);
    await waitForHeading(stranger, 'This address is not connected to a site');
    expect(await stranger.content()).not.toMatch(/aiConnected|Northwind/);
    await saveScreenshot(stranger, 'white-label-23-unknown-host');
    const api = await stranger.goto(`http://${UNKNOWN}:${port}/api/auth/session`);
    expect(api?.status()).toBe(404);
    expect(await api?.json()).toMatchObject({
      error: { code: 'NOT_FOUND', details: { reason: 'host' } },
    });
    await stranger.close();

    // The platform's own sign-in page keeps the baseline.
    const { page: platform } = guest;
    expect(await guest.open('/sign-in')).toBe(200);
    await waitForHeading(platform, 'Sign in');
    expect(await platform.getByText(HEADLINE).count()).toBe(0);
    await platform.getByRole('banner').getByText('aiConnected').waitFor();
    expect(await cssVariable(platform, '--primary')).toBe(BASELINE_LIGHT_PRIMARY);
    await guest.screen('white-label-24-platform-sign-in');
  }, 120_000);

  it('12. a business admin of the agency inherits it all, sees primary locked, and is refused it', async () => {
    const { page } = business;
    expect(await business.open('/sign-in')).toBe(200);
    await signInAs(business, 'business-a1-admin@demo.local', '/business');
    // From its first byte.
    expect(await documentOf(business, '/business')).toContain(
      `--primary: ${normalColor(LIGHT_PRIMARY)};`,
    );
    expect(await business.open('/branding/theme')).toBe(200);
    await waitForHeading(page, 'Branding');
    expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
    const primary = page.locator('#token-light-primary');
    expect(await primary.inputValue()).toBe(normalColor(LIGHT_PRIMARY));
    expect(await primary.isDisabled()).toBe(true);
    expect(await page.getByText(`Locked by ${AGENCY}`).count()).toBeGreaterThan(0);
    // An unlocked token stays editable, and businesses get no lock toggles.
    expect(await page.locator('#token-light-accent').isDisabled()).toBe(false);
    expect(await page.getByRole('button', { name: /^Lock / }).count()).toBe(0);
    await business.screen('white-label-25-business-theme-locked');
    expectClean(await auditEveryVariant(page, 'white-label-25-business-theme-locked'));

    // Past the disabled field, the API refuses the locked token, naming who locked it.
    const refused = await business.callApi('PUT', '/api/themes/current', {
      theme_tokens: { light: { primary: '#dc2626' } },
      change_note: 'Our own red',
    });
    expect(refused).toMatchObject({
      status: 403,
      body: {
        error: {
          code: 'PERMISSION_DENIED',
          details: { token: 'primary', mode: 'light', locked_by_workspace_name: AGENCY },
        },
      },
    });
    expect(await business.open('/branding/theme')).toBe(200);
    expect(await cssVariable(page, '--primary')).toBe(normalColor(LIGHT_PRIMARY));
    await page.getByText('No versions yet').waitFor();

    // Its sign-in page is the agency's: read-only, saying why.
    expect(await business.open('/branding/sign-in')).toBe(200);
    await page.getByText('Read only').waitFor();
    await page
      .getByText(
        `${AGENCY} controls the sign-in page of its businesses. Ask them to allow business customisation to change it here.`,
      )
      .waitFor();
    expect(await page.getByLabel('Headline', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save sign-in page' }).count()).toBe(0);
    await page.getByTestId('login-preview-light').getByText(HEADLINE).waitFor();
    await business.screen('white-label-26-business-sign-in-read-only', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 403 (Forbidden) (${business.origin}/api/themes/current)`,
      ],
    });
    expectClean(await auditEveryVariant(page, 'white-label-26-business-sign-in-read-only'));
  }, 120_000);

  it('13. a member without branding rights has no Branding entry and is refused its pages', async () => {
    const { page } = member;
    expect(await member.open('/sign-in')).toBe(200);
    await signInAs(member, 'business-a1-user@demo.local', '/business');
    expect(await navigationLinks(page)).not.toContain('Branding');
    expect(await member.open('/branding/theme')).toBe(403);
    expect(await member.open('/branding')).toBe(403);
    // Chromium reports each 403 document in the console; those lines are the refusals.
    await member.screen('white-label-27-member-refused', {
      expectedConsoleErrors: ['/branding/theme', '/branding'].map(
        (pathname) =>
          `Failed to load resource: the server responded with a status of 403 (Forbidden) (${member.origin}${pathname})`,
      ),
    });
  });

  it('14. the agency admin removes the domain after confirming; the empty state returns', async () => {
    const { page } = agency;
    expect(await agency.open('/branding/domains')).toBe(200);
    await page.getByRole('button', { name: `Remove ${HOST}` }).click();
    await page.getByRole('dialog', { name: `Remove ${HOST}?` }).waitFor();
    await agency.screen('white-label-28-confirm-remove');
    await page.getByRole('button', { name: 'Remove domain' }).click();
    await waitForToast(page, `${HOST} removed.`);
    await page.getByText('No custom domains yet').waitFor();
    await agency.screen('white-label-29-domain-removed');
  });
});
