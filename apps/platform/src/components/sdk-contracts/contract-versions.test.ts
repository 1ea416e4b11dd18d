import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { setupAppCss, setupBrowserHarness } from '../testing/browser-harness';

// The contracts page is compact on a phone: each contract folds to one line (its name, latest
// version and count) that opens its versions, and the publish form waits behind a button. From
// `sm` up every version and the form show, with no fold to open.

const here = path.dirname(fileURLToPath(import.meta.url));
const components = path.resolve(here, '..');

const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Card, CardContent } from '@aiconnected/ui';
import { ContractVersions } from './contract-versions';
import { PhoneReveal } from '../phone-disclosure';
const items = JSON.parse(document.getElementById('items').textContent);
createRoot(document.getElementById('root')).render(
  h('main', { className: 'px-4 py-8' },
    h(Card, null, h(CardContent, { className: 'pt-6' }, h(ContractVersions, { items }))),
    h(Card, null, h(CardContent, { className: 'pt-6' },
      h(PhoneReveal, { label: 'Open the form', hideLabel: 'Close the form' },
        h('form', { 'aria-label': 'Publish a contract version' }, h('textarea', { rows: 20 })))))));
`;
const ORIGIN = 'http://contract-versions.test';

const version = (name: string, semver: string, n: number) => ({
  id: `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`,
  contract_name: name,
  semver,
  status: 'active',
  schema_json: { type: 'object' },
  published_at: '2026-12-07T19:52:00.000Z',
  created_at: '2026-12-07T19:52:00.000Z',
});
const ITEMS = [
  version('error-envelope', '1.3.0', 1),
  version('error-envelope', '1.2.0', 2),
  version('error-envelope', '1.1.0', 3),
  version('module-manifest', '1.4.0', 4),
  version('module-manifest', '1.3.0', 5),
  version('shell-events', '1.1.0', 6),
];

const harness = setupBrowserHarness({ harness: HARNESS, resolveDir: here });
const styles = setupAppCss(HARNESS, [
  path.join(here, '*.tsx'),
  path.join(components, 'phone-disclosure.tsx'),
]);
let page: Page;

beforeEach(async () => {
  ({ page } = await harness.open({
    origin: ORIGIN,
    html: (url) =>
      url.pathname === '/'
        ? `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${styles.css}</style></head><body><script type="application/json" id="items">${JSON.stringify(ITEMS)}</script><div id="root"></div><script src="/app.js"></script></body></html>`
        : undefined,
  }));
  await page.getByRole('main').waitFor();
});

const visibleLists = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('ul[aria-label]')]
      .filter((list) => (list as HTMLElement).offsetParent !== null)
      .map((list) => list.getAttribute('aria-label')),
  );

describe('the SDK contracts on a phone and a desktop', { timeout: 60_000 }, () => {
  it('at 390 px each contract is one line that opens its versions; the form waits', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    const folds = page.getByRole('button', { expanded: false, name: /^[a-z-]+ \d/ });
    expect(await folds.allInnerTexts()).toStrictEqual([
      'error-envelope\n1.3.0 active · 3 versions',
      'module-manifest\n1.4.0 active · 2 versions',
      'shell-events\n1.1.0 active · 1 version',
    ]);
    expect(await visibleLists()).toStrictEqual([]);
    expect(await page.getByRole('form').isVisible()).toBe(false);
    const folded = await page.evaluate(() => document.querySelector('main')?.offsetHeight ?? 0);

    // A fold is a heading (the outline still lists every contract) that opens its versions.
    const manifest = page.getByRole('heading', { level: 3, name: /^module-manifest/ });
    await manifest.getByRole('button').click();
    expect(await manifest.getByRole('button').getAttribute('aria-expanded')).toBe('true');
    expect(await visibleLists()).toStrictEqual(['Versions of module-manifest']);
    expect(
      await page.getByRole('button', { name: 'View schema of module-manifest 1.3.0' }).isVisible(),
    ).toBe(true);
    await page.getByRole('button', { name: 'Open the form' }).click();
    expect(await page.getByRole('form').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close the form' }).isVisible()).toBe(true);
    expect(
      await page.evaluate(() => document.querySelector('main')?.offsetHeight ?? 0),
    ).toBeGreaterThan(folded + 300);
    // The section is named by the contract.
    expect(await page.getByRole('region', { name: 'shell-events' }).count()).toBe(1);
  });

  it('at 1280 px every version and the form show, with nothing to open', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await visibleLists()).toStrictEqual([
      'Versions of error-envelope',
      'Versions of module-manifest',
      'Versions of shell-events',
    ]);
    expect(await page.getByRole('button', { name: /^[a-z-]+ \d/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /the form$/ }).count()).toBe(0);
    expect(await page.getByRole('form').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { level: 3 }).allInnerTexts()).toStrictEqual([
      'error-envelope',
      'module-manifest',
      'shell-events',
    ]);
  });
});
