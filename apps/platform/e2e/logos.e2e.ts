import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEveryVariant, CLEAN_REPORT, type AccessibilityReport } from './support/accessibility';
import { saveScreenshot } from './support/browser';
import { signInAs, waitForHeading, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import type { Visitor } from './support/visitor';

// The logos screen (/branding/logos): an agency admin uploads a logo with the file picker (the
// browser PUTs it to the signed URL, with a progress bar), uses it, and the app header shows
// it instead of the product name; an SVG is refused with the reason. Checked with axe at 1280
// and 390 px, light and dark. Files go to a temporary BRANDING_STORAGE_DIR.

const AGENCY = 'Northwind Agency';

function expectClean(reports: Record<string, AccessibilityReport>): void {
  for (const [variant, report] of Object.entries(reports)) {
    expect(report, variant).toStrictEqual(CLEAN_REPORT);
  }
}

let storageDir: string;
let files: string;
let logoFile: string;
let svgFile: string;
let backgroundFile: string;
beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), 'e2e-branding-assets-'));
  files = await mkdtemp(path.join(tmpdir(), 'e2e-logo-files-'));
  logoFile = path.join(files, 'northwind-logo.png');
  // A wordmark-like logo: a coloured bar with a lighter block, 320 x 80.
  await sharp({ create: { width: 320, height: 80, channels: 4, background: '#1d4ed8' } })
    .composite([
      {
        input: await sharp({
          create: { width: 60, height: 60, channels: 4, background: '#f59e0b' },
        })
          .png()
          .toBuffer(),
        left: 10,
        top: 10,
      },
    ])
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
  await rm(storageDir, { recursive: true, force: true });
  await rm(files, { recursive: true, force: true });
});

describe('logos in the browser', () => {
  let admin: Visitor;
  setupJourney(
    'logos',
    ['admin'],
    (people) => {
      ({ admin } = people);
    },
    () => ({ env: { BRANDING_STORAGE_DIR: storageDir } }),
  );

  it('1. the agency admin opens the logos screen: nothing uploaded, what to do next', async () => {
    const { page } = admin;
    expect(await admin.open('/sign-in')).toBe(200);
    await signInAs(admin, 'agency-a-admin@demo.local', '/agency');
    expect(await admin.open('/branding/logos')).toBe(200);
    await waitForHeading(page, 'Branding');
    await page.getByRole('heading', { level: 2, name: 'Logo', exact: true }).waitFor();
    await page
      .getByText('No logo uploaded for this workspace yet.', { exact: false })
      .first()
      .waitFor();
    // The header shows the product name until a logo is used.
    await page.getByRole('banner').getByRole('link', { name: 'aiConnected' }).waitFor();
    await admin.screen('logos-01-empty');
    expectClean(await auditEveryVariant(page, 'logos-01-empty'));
  });

  it('2. it uploads a PNG with the file picker and uses it; the header shows it', async () => {
    const { page } = admin;
    await page.getByLabel('Upload a new logo', { exact: true }).setInputFiles(logoFile);
    await waitForToast(page, 'Logo uploaded. Choose “Use this” to show it.');
    expect((await readdir(storageDir)).filter((name) => name.endsWith('.png'))).toHaveLength(1);
    await admin.screen('logos-02-uploaded');
    await page.getByRole('button', { name: 'Use this logo (320×80)' }).click();
    await waitForToast(page, 'Logo updated.');
    await page.getByText('In use', { exact: true }).waitFor();
    const headerLogo = page.getByRole('banner').getByRole('img', { name: AGENCY });
    await headerLogo.waitFor();
    expect(await headerLogo.getAttribute('src')).toMatch(
      /^\/api\/branding\/assets\/files\/[0-9a-f]{64}\.png$/,
    );
    await admin.screen('logos-03-in-use');
    expectClean(await auditEveryVariant(page, 'logos-03-in-use'));
  });

  it('3. a large sign-in background on a slow link shows its upload progress', async () => {
    const { page } = admin;
    const cdp = await page.context().newCDPSession(page);
    // About 150 KB/s up: the ~900 KB file takes several seconds.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 150 * 1024,
    });
    await page
      .getByLabel('Upload a new sign-in background', { exact: true })
      .setInputFiles(backgroundFile);
    const bar = page.getByRole('progressbar', { name: 'Uploading sign-in background' });
    await bar.waitFor();
    await page.waitForFunction(
      () => Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) > 0,
    );
    await saveScreenshot(page, 'logos-04-upload-progress');
    await waitForToast(page, 'Sign-in background uploaded. Choose “Use this” to show it.');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    await admin.screen('logos-05-background-uploaded');
  });

  it('4. an SVG is refused, saying why', async () => {
    const { page } = admin;
    await page.getByLabel('Upload a new logo', { exact: true }).setInputFiles(svgFile);
    await page
      .getByText(
        'SVG is refused: an SVG is a document that can carry scripts and external links, and it is not sanitised here. Export a PNG or WebP.',
      )
      .waitFor();
    await admin.screen('logos-06-svg-refused', {
      expectedConsoleErrors: [
        `Failed to load resource: the server responded with a status of 422 (Unprocessable Entity) (${admin.origin}/api/branding/assets/logo-upload-url)`,
      ],
    });
  });

  it('5. the header keeps the logo on the other pages', async () => {
    const { page } = admin;
    expect(await admin.open('/agency')).toBe(200);
    await page.getByRole('banner').getByRole('img', { name: AGENCY }).waitFor();
  });

  it('6. the sign-in page on the agency’s host shows its background and, with no sign-in logo, its logo', async () => {
    const { page } = admin;
    expect(await admin.open('/branding/logos')).toBe(200);
    await page.getByRole('button', { name: 'Use this sign-in background (560×540)' }).click();
    await waitForToast(page, 'Sign-in background updated.');
    // Its own context: signed out, on the agency's platform host (Chromium sends *.localhost
    // to loopback); the upload URL was path-relative, so the same holds on any host.
    const browser = page.context().browser();
    if (!browser) throw new Error('no browser');
    const context = await browser.newContext();
    try {
      const signIn = await context.newPage();
      const port = new URL(admin.origin).port;
      const response = await signIn.goto(`http://northwind.localhost:${port}/sign-in`, {
        waitUntil: 'networkidle',
      });
      expect(response?.status()).toBe(200);
      const panel = signIn.getByTestId('sign-in-brand-panel');
      const background = panel.getByTestId('sign-in-background');
      expect(await background.getAttribute('src')).toMatch(
        /^\/api\/branding\/assets\/files\/[0-9a-f]{64}\.png$/,
      );
      expect(await background.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(560);
      // No login_logo and no logo picked on the sign-in page: the agency's logo.
      expect(
        await panel
          .getByRole('img', { name: AGENCY })
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBe(320);
      expectClean(await auditEveryVariant(signIn, 'logos-07-sign-in-background'));
    } finally {
      await context.close();
    }
  });
});
