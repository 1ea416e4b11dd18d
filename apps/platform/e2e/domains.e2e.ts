import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startDnsStandIn, type DnsStandIn } from '@aiconnected/branding/testing';
import { auditEveryVariant, CLEAN_REPORT, type AccessibilityReport } from './support/accessibility';
import { launchBrowser, saveScreenshot } from './support/browser';
import { signInAs, waitForHeading, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// The domain manager (/branding/domains): an agency admin adds its domain, the test publishes
// the TXT record on a real DNS server on loopback (dns2) the app's resolver asks
// (DNS_RESOLVER_SERVERS), the admin verifies it, and Chromium, told that the domain is
// 127.0.0.1 (--host-resolver-rules), gets the sign-in page there; an unknown host gets the
// neutral page. Every screen of the manager is checked with axe at 1280 and 390 px, light and dark.

const HOST = `login-${Date.now().toString(36)}.northwind-agency.example`;
const UNKNOWN = 'nobody.northwind-agency.example';

function expectClean(reports: Record<string, AccessibilityReport>): void {
  for (const [variant, report] of Object.entries(reports)) {
    expect(report, variant).toStrictEqual(CLEAN_REPORT);
  }
}

let dns: DnsStandIn;
beforeAll(async () => {
  dns = await startDnsStandIn();
});
afterAll(async () => {
  await dns.close();
});

describe('custom domains in the browser', () => {
  let admin: Visitor;
  setupJourney(
    'domains',
    ['admin'],
    (people) => {
      ({ admin } = people);
      // DNS checks and the first loads of a busy shared machine can take longer than 10 s.
      admin.page.setDefaultTimeout(30_000);
    },
    () => ({ env: { DNS_RESOLVER_SERVERS: dns.server } }),
  );

  it('1. the agency admin opens the domain manager: its platform address, no domains yet', async () => {
    const { page } = admin;
    expect(await admin.open('/sign-in')).toBe(200);
    await signInAs(admin, 'agency-a-admin@demo.local', '/agency');
    expect(await admin.open('/branding/domains')).toBe(200);
    await waitForHeading(page, 'Branding');
    await page.getByText('northwind.localhost', { exact: true }).waitFor();
    await page.getByText('No custom domains yet').waitFor();
    await admin.screen('domains-01-empty');
    expectClean(await auditEveryVariant(page, 'domains-01-empty'));
  });

  it('2. it adds its domain and sees the exact TXT record to publish', async () => {
    const { page } = admin;
    await page.getByLabel('Domain').fill(`  ${HOST.toUpperCase()}.`);
    await page.getByRole('button', { name: 'Add domain' }).click();
    await waitForToast(page, `${HOST} added. Publish its TXT record, then verify.`);
    await page.getByRole('heading', { level: 3, name: HOST }).waitFor();
    await page.getByText(`_aiconnected-challenge.${HOST}`, { exact: true }).waitFor();
    await page.getByText('Waiting for DNS').waitFor();
    await admin.screen('domains-02-added');
  });

  it('3. verifying before the record is published keeps it waiting and says why', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: `Verify ${HOST}` }).click();
    await waitForToast(
      page,
      'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
    );
    await page.getByText(/Last checked .*: no TXT record found\./).waitFor();
    // The browser logs the API's 422 answer itself.
    await admin.screen('domains-03-no-record', {
      expectedConsoleErrors: [
        expect.stringMatching(
          /^Failed to load resource: the server responded with a status of 422 .*\/verify\)$/,
        ),
      ],
    });
  });

  it('4. the record is published; verifying turns the domain verified', async () => {
    const { page } = admin;
    const value = await page.locator('dd.font-mono').nth(1).innerText();
    expect(value).toMatch(/^aiconnected-verification=[A-Za-z0-9_-]{32}$/);
    // Split in two chunks, as long TXT values are.
    dns.publishTxt(`_aiconnected-challenge.${HOST}`, [[value.slice(0, 20), value.slice(20)]]);
    await page.getByRole('button', { name: `Verify ${HOST}` }).click();
    await waitForToast(page, `${HOST} is verified.`);
    await page.getByText('Verified', { exact: true }).waitFor();
    await admin.screen('domains-04-verified');
    expectClean(await auditEveryVariant(page, 'domains-04-verified'));
  });

  describe('5. the domain serves the sign-in page; an unknown host gets the neutral page', () => {
    let mapped: Browser;
    beforeAll(async () => {
      mapped = await launchBrowser([
        `--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP ${UNKNOWN} 127.0.0.1`,
      ]);
    });
    afterAll(async () => {
      await mapped.close();
    });

    it('on the verified domain', async () => {
      const port = new URL(admin.origin).port;
      const page = await mapped.newPage();
      const response = await page.goto(`http://${HOST}:${port}/sign-in`, {
        waitUntil: 'networkidle',
      });
      expect(response?.status()).toBe(200);
      await page.getByRole('button', { name: /sign in/i }).waitFor();
      await saveScreenshot(page, 'domains-05-custom-domain-sign-in');

      const neutral = await page.goto(`http://${UNKNOWN}:${port}/sign-in`);
      expect(neutral?.status()).toBe(404);
      await page
        .getByRole('heading', { level: 1, name: 'This address is not connected to a site' })
        .waitFor();
      expect(await page.content()).not.toMatch(/aiConnected|Northwind/);
      await saveScreenshot(page, 'domains-06-unknown-host');

      const api = await page.goto(`http://${UNKNOWN}:${port}/api/auth/session`);
      expect(api?.status()).toBe(404);
      expect(await api?.json()).toMatchObject({
        error: { code: 'NOT_FOUND', details: { reason: 'host' } },
      });
      await page.close();
    });
  });

  it('6. it removes the domain after confirming; the empty state returns', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: `Remove ${HOST}` }).click();
    await page.getByRole('dialog', { name: `Remove ${HOST}?` }).waitFor();
    await admin.screen('domains-06-confirm-remove');
    await page.getByRole('button', { name: 'Remove domain' }).click();
    await waitForToast(page, `${HOST} removed.`);
    await page.getByText('No custom domains yet').waitFor();
    await admin.screen('domains-07-removed');
  });
});
