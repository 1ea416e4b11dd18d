import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import postcss from 'postcss';
import tailwindcss from 'tailwindcss';
import { afterAll, afterEach, beforeAll } from 'vitest';
import preset from '@aiconnected/ui/tailwind-preset';

// The component tests that need a real browser (a static render cannot open a dialog, type or
// send a request): each bundles a small page script (`harness`) that renders the components,
// and drives it in Debian's Chromium; the page's only origin is answered by the test.

/** apps/platform/src, what `@/` means in the bundle as in the app. */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** packages/ui: the stylesheet and the components every page renders with. */
const UI = path.resolve(SRC, '../../../packages/ui');

/** How the test answers one API request; `delayMs` holds the answer back. */
export interface StubAnswer {
  status: number;
  json: unknown;
  delayMs?: number;
}

export interface BrowserHarnessOptions {
  /** The page's script (TS/JS source): imports resolve from `resolveDir`. */
  harness: string;
  /** Usually the test file's directory: `path.dirname(fileURLToPath(import.meta.url))`. */
  resolveDir: string;
  /** The source `next/navigation` resolves to (Next's router is not in the bundle). */
  routerStandIn?: string;
}

export interface OpenPageOptions {
  origin: string;
  /** JSON the harness reads: one `<script type="application/json" id="KEY">` per key. */
  data?: Record<string, unknown>;
  /** The answer to `METHOD /api/...` (404 `{}` when undefined); the request is recorded first. */
  api?: (request: Request) => StubAnswer | undefined;
  /** Other paths than `/api/` and the script (e.g. a hosted page): HTML, or the harness page. */
  html?: (url: URL) => string | undefined;
}

export interface HarnessPage {
  page: Page;
  /** Every `/api/` request the page sent, in order. */
  requests: Request[];
}

/** `METHOD /pathname` of a request: the key of an answers map. */
export const requestKey = (request: Request) =>
  `${request.method()} ${new URL(request.url()).pathname}`;

/** The harness page's script, bundled for the browser. */
async function bundle({ harness, resolveDir, routerStandIn }: BrowserHarnessOptions) {
  const plugins: Plugin[] = [];
  if (routerStandIn !== undefined) {
    plugins.push({
      name: 'next-router-stand-in',
      setup(builder) {
        builder.onResolve({ filter: /^next\/navigation$/ }, () => ({
          path: 'next-navigation',
          namespace: 'stand-in',
        }));
        builder.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
          contents: routerStandIn,
          loader: 'js',
        }));
      },
    });
  }
  const result = await build({
    stdin: { contents: harness, loader: 'ts', resolveDir },
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    alias: { '@': SRC },
    define: { 'process.env.NODE_ENV': '"production"' },
    // next/link reads its build flags from process.env, which a browser does not have.
    banner: { js: 'var process = { env: {} };' },
    logLevel: 'silent',
    plugins,
  });
  return result.outputFiles[0]?.text ?? '';
}

const pageHtml = (data: Record<string, unknown>) =>
  `<!doctype html><html lang="en"><body>${Object.entries(data)
    .map(
      ([id, value]) =>
        `<script type="application/json" id="${id}">${JSON.stringify(value)}</script>`,
    )
    .join('')}<div id="root"></div><script src="/app.js"></script></body></html>`;

/**
 * Registers the file's hooks: bundle the harness and launch Chromium once (beforeAll), close
 * each opened page after its test and the browser after the file. `open` loads a fresh page.
 */
export function setupBrowserHarness(options: BrowserHarnessOptions) {
  let browser: Browser | undefined;
  let script = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    script = await bundle(options);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  return {
    /** A fresh page at `origin`/, loaded (its script ran); `requests` fills as it calls the API. */
    async open({ origin, data = {}, api, html }: OpenPageOptions): Promise<HarnessPage> {
      if (!browser) throw new Error('setupBrowserHarness: open() before the beforeAll ran');
      const page = await browser.newPage();
      pages.push(page);
      // Generous: a busy machine (a parallel build) slows Chromium down several times over.
      page.setDefaultTimeout(30_000);
      page.setDefaultNavigationTimeout(60_000);
      const requests: Request[] = [];
      await page.route(`${origin}/**`, async (route) => {
        const request = route.request();
        const url = new URL(request.url());
        if (url.pathname.startsWith('/api/')) {
          requests.push(request);
          const answer = api?.(request);
          if (answer?.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
          return route.fulfill(
            answer ? { status: answer.status, json: answer.json } : { status: 404, json: {} },
          );
        }
        if (url.pathname === '/app.js') {
          return route.fulfill({ contentType: 'text/javascript', body: script });
        }
        return route.fulfill({ contentType: 'text/html', body: html?.(url) ?? pageHtml(data) });
      });
      await page.goto(`${origin}/`);
      return { page, requests };
    },
  };
}

/** The recorded requests to `METHOD /pathname`, in order. */
export const requestsTo = (requests: Request[], method: string, pathname: string) =>
  requests.filter((request) => requestKey(request) === `${method} ${pathname}`);

/**
 * Registers a beforeAll that compiles the app's stylesheet (packages/ui's globals.css through
 * Tailwind with the UI preset) for the markup of a harness page: the classes in `harness` (the
 * page's script), in `files` (paths or globs of the components it renders) and in packages/ui's
 * components. Read `css` in the tests (empty before the beforeAll ran).
 */
export function setupAppCss(harness: string, files: string[]): { css: string } {
  const styles = { css: '' };
  beforeAll(async () => {
    const globals = path.join(UI, 'src/globals.css');
    const result = await postcss([
      tailwindcss({
        presets: [preset],
        content: [
          { raw: harness, extension: 'ts' },
          ...files,
          path.join(UI, 'src/components/*.tsx'),
        ],
      }),
    ]).process(await readFile(globals, 'utf8'), { from: globals });
    styles.css = result.css;
  }, 60_000);
  return styles;
}
