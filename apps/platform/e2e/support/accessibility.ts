import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { expect } from 'vitest';
import { saveScreenshot } from './browser';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** One way a screen is seen: width (desktop, a 390 px phone) and colour scheme. */
export interface ScreenVariant {
  name: string;
  width: number;
  colorScheme: 'light' | 'dark';
}

/** Desktop and phone, each light and dark (the theme follows the system setting). */
export const SCREEN_VARIANTS: readonly ScreenVariant[] = [
  { name: 'light-1280', width: 1280, colorScheme: 'light' },
  { name: 'dark-1280', width: 1280, colorScheme: 'dark' },
  { name: 'light-390', width: 390, colorScheme: 'light' },
  { name: 'dark-390', width: 390, colorScheme: 'dark' },
];

/** What axe-core found on a screen, as `rule: target (summary)` lines, and its h1 count. */
export interface AccessibilityReport {
  violations: string[];
  h1Count: number;
  /** Whether the page is wider than the viewport (it should reflow, not scroll sideways). */
  overflowsSideways: boolean;
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, best practices included) on the page (or one frame
 * of it, e.g. a module UI on its own origin) as it is, in the page itself: evaluated through the browser's debugging protocol, so the page's own
 * content security policy does not get in the way and nothing is fetched.
 */
export async function auditAccessibility(
  page: Page | Frame,
  disabledRules: readonly string[] = [],
): Promise<AccessibilityReport> {
  const source = await AXE_SOURCE;
  await page.evaluate(source);
  return page.evaluate(async (disabled) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, {
      rules: Object.fromEntries(disabled.map((rule) => [rule, { enabled: false }])),
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return {
      violations: result.violations.flatMap((violation) =>
        violation.nodes.map(
          (node) => `${violation.id}: ${node.target.join(' ')} (${node.failureSummary ?? ''})`,
        ),
      ),
      h1Count: document.querySelectorAll('h1').length,
      overflowsSideways: document.documentElement.scrollWidth > window.innerWidth + 1,
    };
  }, disabledRules);
}

/**
 * Looks at the current screen in every variant (desktop and phone, light and dark): saves a
 * screenshot `<name>-<variant>.png` of each and returns what axe found per variant, keyed by
 * variant name; the viewport and scheme are restored to desktop light afterwards.
 */
export async function auditEveryVariant(
  page: Page,
  name: string,
  /** Rules to skip, e.g. `region` while a menu is open: its popup lives outside the landmarks. */
  disabledRules: readonly string[] = [],
): Promise<Record<string, AccessibilityReport>> {
  const reports: Record<string, AccessibilityReport> = {};
  for (const variant of SCREEN_VARIANTS) {
    await page.setViewportSize({ width: variant.width, height: 844 });
    await page.emulateMedia({ colorScheme: variant.colorScheme, reducedMotion: 'reduce' });
    // next-themes follows the media query change; wait until the class says so.
    await page.waitForFunction(
      (dark) => document.documentElement.classList.contains('dark') === dark,
      variant.colorScheme === 'dark',
    );
    await saveScreenshot(page, `${name}-${variant.name}`);
    reports[variant.name] = await auditAccessibility(page, disabledRules);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' });
  return reports;
}

/** The report every screen should give: no violation, one h1, no sideways scrolling. */
export const CLEAN_REPORT: AccessibilityReport = {
  violations: [],
  h1Count: 1,
  overflowsSideways: false,
};

/** Asserts that every variant's report (see `auditEveryVariant`) is the clean one. */
export function expectClean(reports: Record<string, AccessibilityReport>): void {
  for (const [variant, report] of Object.entries(reports)) {
    expect(report, variant).toStrictEqual(CLEAN_REPORT);
  }
}
