import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Response,
} from 'playwright-core';
import { REPO_ROOT } from '../../scripts/lib/paths';

// Debian's Chromium, never a downloaded one. No background traffic of the browser's own
// (component updates, sync, QUIC probes), so every request seen is one the page made.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Git-ignored (`test-results/`); kept after the run so a person can look at each screen. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results/screenshots');

/**
 * Starts headless Chromium from /usr/bin/chromium; `extraArgs` e.g. `--host-resolver-rules`
 * to reach the app under a custom domain.
 */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** One screen as a person opened it, with everything the page did on the way. */
export interface Screen {
  page: Page;
  /** The origin of the app: the only one the page may talk to. */
  origin: string;
  /** The answer to the navigation (status, headers). */
  response: Response | null;
  /** Every URL the page asked for, including ones outside its origin (which are blocked). */
  requests: string[];
  /** Console errors and uncaught exceptions of the page. */
  consoleErrors: string[];
  /** Closes the page's browser context. */
  close(): Promise<void>;
}

/** A browser context limited to one origin, with what its pages did recorded. */
export interface WatchedContext {
  context: BrowserContext;
  /** Every URL a page asked for, including ones outside the origin (which are blocked). */
  requests: string[];
  /** Console errors and uncaught exceptions of its pages. */
  consoleErrors: string[];
  /** Opens a page whose console errors and uncaught exceptions land in `consoleErrors`. */
  newPage: () => Promise<Page>;
  /** Resolves once no request of the context has been in flight for `quietMs` (500 ms). */
  networkQuiet: (quietMs?: number) => Promise<void>;
}

/**
 * A fresh browser context for `origin`: requests to any other origin (but `alsoAllowed`, e.g.
 * a module UI the shell frames) are recorded and then aborted, so a test can fail on them
 * without the machine ever reaching a CDN, a font host or a telemetry endpoint.
 */
export async function watchContext(
  browser: Browser,
  origin: string,
  alsoAllowed: readonly string[] = [],
): Promise<WatchedContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const allowed = new Set([origin, ...alsoAllowed]);
  let inflight = 0;
  let changedAt = Date.now();
  context.on('request', (request) => {
    requests.push(request.url());
    inflight += 1;
    changedAt = Date.now();
  });
  const ended = () => {
    inflight -= 1;
    changedAt = Date.now();
  };
  context.on('requestfinished', ended);
  context.on('requestfailed', ended);
  const networkQuiet = async (quietMs = 500) => {
    while (inflight > 0 || Date.now() - changedAt < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await context.route(
    (candidate) => !allowed.has(candidate.origin),
    (route) => route.abort('blockedbyclient'),
  );
  const newPage = async () => {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error')
        consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    return page;
  };
  return { context, requests, consoleErrors, newPage, networkQuiet };
}

/**
 * Opens `url` in a fresh watched context (see `watchContext`) and waits until the network is
 * quiet.
 */
export async function openScreen(browser: Browser, url: string): Promise<Screen> {
  const origin = new URL(url).origin;
  const { context, requests, consoleErrors, newPage } = await watchContext(browser, origin);
  const page = await newPage();
  const response = await page.goto(url, { waitUntil: 'networkidle' });
  return { page, origin, response, requests, consoleErrors, close: () => context.close() };
}

/**
 * The requests of `screen` that left its origin (and `alsoAllowed`); `data:` and `blob:` URLs
 * never leave the page.
 */
export function foreignRequests(
  screen: Pick<Screen, 'requests' | 'origin'>,
  alsoAllowed: readonly string[] = [],
): string[] {
  return screen.requests.filter((url) => {
    const parsed = new URL(url);
    return (
      parsed.protocol !== 'data:' &&
      parsed.protocol !== 'blob:' &&
      parsed.origin !== screen.origin &&
      !alsoAllowed.includes(parsed.origin)
    );
  });
}

/** Saves the whole page as `test-results/screenshots/<name>.png` and returns the path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
