import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Request,
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
  context.on('request', (request) => requests.push(request.url()));
  await context.route(
    (candidate) => !allowed.has(candidate.origin),
    (route) => route.abort('blockedbyclient'),
  );
  const newPage = async () => {
    const page = await context.newPage();
    trackRequests(page);
    page.on('console', (message) => {
      if (message.type() === 'error')
        consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
    return page;
  };
  return { context, requests, consoleErrors, newPage };
}

/** The requests of one page (its frames included) still in flight, and when that last changed. */
interface RequestTracker {
  inflight: Set<Request>;
  changedAt: number;
}

const trackers = new WeakMap<Page, RequestTracker>();

/** Starts counting `page`'s requests (once per page); `settled` waits on the count. */
function trackRequests(page: Page): RequestTracker {
  const tracker = trackers.get(page);
  if (tracker) return tracker;
  const created: RequestTracker = { inflight: new Set(), changedAt: Date.now() };
  page.on('request', (request) => {
    created.inflight.add(request);
    created.changedAt = Date.now();
  });
  const ended = (request: Request) => {
    // A request that began before tracking started was never counted.
    if (created.inflight.delete(request)) created.changedAt = Date.now();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  trackers.set(page, created);
  return created;
}

/** Quiet network: no request in flight for this long (Playwright's networkidle uses 500 ms too). */
const QUIET_MS = 500;
/** A page that is not quiet after this long keeps fetching: fail and name what is in flight. */
const SETTLE_TIMEOUT_MS = 15_000;

/**
 * Waits until `page` has settled: Playwright's networkidle, or the page's own request count
 * (its frames included) at zero for 500 ms, whichever comes first. Playwright's state alone can
 * hang: it can stay unset for good once a page fetched after having been idle (a frame stops
 * its idle timer on a request and does not restart it while the event is still marked fired;
 * seen with a module frame, and in CI on a plain `goto(..., { waitUntil: 'networkidle' })` of
 * /modules that timed out after 30 s). A page that is quiet by neither measure within 15 s fails
 * naming the requests still in flight, not with a bare timeout.
 */
export async function settled(page: Page): Promise<void> {
  const tracker = trackRequests(page);
  let idle = false;
  void page.waitForLoadState('networkidle').then(
    () => {
      idle = true;
    },
    () => undefined, // timed out: the request count decides
  );
  const giveUpAt = Date.now() + SETTLE_TIMEOUT_MS;
  while (!idle && (tracker.inflight.size > 0 || Date.now() - tracker.changedAt < QUIET_MS)) {
    if (Date.now() > giveUpAt) {
      const urls = [...tracker.inflight].map((request) => request.url());
      throw new Error(
        `page not settled after ${SETTLE_TIMEOUT_MS} ms; in flight: ${urls.join(', ') || 'none'}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Loads `url` in `page` as typed into the address bar: waits for the `load` event, then until
 * the page has `settled` (the scripts' own fetches done). Use it instead of
 * `page.goto(url, { waitUntil: 'networkidle' })`, which can hang (see `settled`).
 */
export async function gotoSettled(page: Page, url: string): Promise<Response | null> {
  trackRequests(page); // before the navigation, so its requests are all counted
  const response = await page.goto(url, { waitUntil: 'load' });
  await settled(page);
  return response;
}

/**
 * Opens `url` in a fresh watched context (see `watchContext`) and waits until it has settled.
 */
export async function openScreen(browser: Browser, url: string): Promise<Screen> {
  const origin = new URL(url).origin;
  const { context, requests, consoleErrors, newPage } = await watchContext(browser, origin);
  const page = await newPage();
  const response = await gotoSettled(page, url);
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
