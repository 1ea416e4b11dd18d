import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BRANDING_TABS, EVENTS_TABS, INTEGRATIONS_TABS, MODULES_TABS } from '@/lib/access';
import { setupAppCss, setupBrowserHarness } from './testing/browser-harness';

// Nothing is cut off at a phone's or a laptop's width: the section tabs (one shared component
// for events, modules, branding and integrations) and the filter cards (resolution log, audit
// log, events), in Debian's Chromium with the app's compiled Tailwind CSS, inside the app
// layout's columns (app/(app)/layout.tsx: a 15rem sidebar from md, px-4 / md:px-8, max-w-5xl).

const here = path.dirname(fileURLToPath(import.meta.url));
/** The filter forms on the page (files under components/). */
const FORMS = [
  'integrations/resolution-log-filters',
  'audit/audit-filters',
  'events/event-filters',
];

const HARNESS = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { Card, CardContent } from '@aiconnected/ui';
import { SectionTabs } from './shell/section-tabs';
import { ResolutionLogFilters } from './integrations/resolution-log-filters';
import { AuditFiltersForm } from './audit/audit-filters';
import { EventFiltersForm } from './events/event-filters';
const card = (form) => h(Card, null, h(CardContent, { className: 'pt-6' }, form));
const period = { from: '', to: '' };
const workspaces = [{ id: 'w1', name: 'Northwind Dental' }];
const problem = 'From must be on or before To.';
const data = JSON.parse(document.getElementById('data').textContent);
createRoot(document.getElementById('root')).render(
  h('div', { className: 'flex min-h-screen' },
    h('aside', { className: 'hidden w-60 shrink-0 border-r p-4 md:block' }),
    h('main', { className: 'min-w-0 flex-1 px-4 py-8 md:px-8' },
      h('div', { className: 'mx-auto max-w-5xl space-y-8' },
        data.tabs.map((tabs, index) => h(SectionTabs, { key: index, label: 'Tabs ' + index, tabs })),
        card(h(ResolutionLogFilters, {
          filters: { provider: '', outcome: '', reason: '', subject: '', ...period },
          providers: [{ key: 'github', name: 'GitHub' }],
          workspaces, problem })),
        card(h(AuditFiltersForm, {
          filters: { action: '', actor: '', workspace: '', ...period },
          actors: [{ id: 'u1', name: 'Avery Admin' }], workspaces, problem })),
        card(h(EventFiltersForm, {
          filters: { event_name: '', stream: '', correlation_id: '', state: '' },
          problems: {}, workspace: null }))))));
`;
const ROUTER_STAND_IN = `export const usePathname = () => '/settings/integrations/resolutions';
export const useSearchParams = () => new URLSearchParams();`;
const ORIGIN = 'http://layout-fit.test';

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: here,
  routerStandIn: ROUTER_STAND_IN,
});
// The app's stylesheet, compiled for the markup on this page.
const styles = setupAppCss(
  HARNESS,
  [...['filter-form', 'form-alerts', 'shell/section-tabs'], ...FORMS].map((file) =>
    path.join(here, `${file}.tsx`),
  ),
);
let page: Page;

beforeEach(async () => {
  const data = JSON.stringify({
    tabs: [INTEGRATIONS_TABS, EVENTS_TABS, MODULES_TABS, BRANDING_TABS],
  });
  ({ page } = await harness.open({
    origin: ORIGIN,
    html: (url) =>
      url.pathname === '/'
        ? `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><style>${styles.css}</style></head><body><script type="application/json" id="data">${data}</script><div id="root"></div><script src="/app.js"></script></body></html>`
        : undefined,
  }));
  await page.getByRole('button', { name: 'Apply filters' }).first().waitFor();
});

/**
 * What sticks out at the current width: elements reaching past their box (the card's padding,
 * the tab bar, the page), selects too narrow for the chosen option's text, date inputs whose
 * field is cut. Each as a short description; empty when everything fits.
 */
const cutOff = () =>
  page.evaluate(() => {
    const problems: string[] = [];
    const name = (element: Element) =>
      element.id || element.getAttribute('aria-label') || element.textContent?.trim() || '?';
    const inside = (element: Element, box: DOMRect, what: string) => {
      const rect = element.getBoundingClientRect();
      if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) {
        problems.push(
          `${name(element)} ${rect.left}..${rect.right} outside ${what} ${box.left}..${box.right}`,
        );
      }
    };
    if (document.documentElement.scrollWidth > window.innerWidth) {
      problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
    }
    for (const nav of document.querySelectorAll('nav')) {
      const list = nav.querySelector('ul');
      if (list === null || list.scrollWidth > list.clientWidth) {
        problems.push(`${name(nav)} list overflows`);
      }
      for (const tab of nav.querySelectorAll('a'))
        inside(tab, nav.getBoundingClientRect(), name(nav));
    }
    const canvas = document.createElement('canvas').getContext('2d');
    if (canvas === null) return ['no canvas to measure text'];
    for (const form of document.querySelectorAll('form')) {
      const content = form.parentElement ?? document.body;
      const style = getComputedStyle(content);
      const box = content.getBoundingClientRect();
      const padded = new DOMRect(
        box.left + parseFloat(style.paddingLeft),
        box.top,
        box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
        box.height,
      );
      for (const control of form.querySelectorAll('select, input, button, a')) {
        inside(control, padded, 'the card’s padding');
        if (control instanceof HTMLSelectElement) {
          const selectStyle = getComputedStyle(control);
          canvas.font = `${selectStyle.fontWeight} ${selectStyle.fontSize} ${selectStyle.fontFamily}`;
          const text = canvas.measureText(control.selectedOptions[0]?.text ?? '').width;
          // Its left padding, the text, and room for the drop-down arrow (about 1.5rem).
          const needed = parseFloat(selectStyle.paddingLeft) + text + 24;
          if (needed > control.clientWidth) {
            problems.push(
              `${control.id} cuts its text: needs ${needed}, has ${control.clientWidth}`,
            );
          }
        }
        if (control instanceof HTMLInputElement && control.scrollWidth > control.clientWidth) {
          problems.push(
            `${control.id} cuts its field: ${control.scrollWidth} > ${control.clientWidth}`,
          );
        }
      }
    }
    return problems;
  });

describe('nothing is cut off', { timeout: 60_000 }, () => {
  it.each([390, 768, 1024, 1280, 1440])(
    'at %i px: the section tabs and the filter cards',
    async (width) => {
      await page.setViewportSize({ width, height: 900 });
      expect(await cutOff()).toStrictEqual([]);
    },
  );

  it('at 390 px the integrations tabs wrap: every one is in view, none scrolled away', async () => {
    await page.setViewportSize({ width: 390, height: 900 });
    const tabs = page.getByRole('navigation', { name: 'Tabs 0' }).getByRole('link');
    expect(await tabs.allInnerTexts()).toStrictEqual(INTEGRATIONS_TABS.map((tab) => tab.label));
    for (const tab of await tabs.all()) {
      const box = await tab.boundingBox();
      if (box === null) throw new Error('a tab is not shown');
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    // The current tab is marked for assistive technology.
    await expect
      .poll(() => tabs.filter({ hasText: 'Resolution log' }).getAttribute('aria-current'))
      .toBe('page');
  });
});
