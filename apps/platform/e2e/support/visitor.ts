import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { foreignRequests, gotoSettled, saveScreenshot, settled, watchContext } from './browser';

/**
 * One person at the app in their own browser context (their own cookie), kept across many
 * screens: they follow links, fill forms and read the page. Every request and console error of
 * their pages is recorded, and each `screen()` checks what happened since the last one.
 */
export interface Visitor {
  page: Page;
  /** The app's origin: the only one the page may talk to. */
  origin: string;
  /** Opens `path` of the app as typed into the address bar; resolves with the HTTP status. */
  open(path: string): Promise<number | undefined>;
  /** Waits until the page is on `pathname` (after a click that navigates). */
  arriveAt(pathname: string): Promise<void>;
  /**
   * Screenshots the page as `<name>.png`, then asserts that since the previous screen no request
   * left the origin (and the origins allowed besides) and the console logged no error but `expectedConsoleErrors`.
   */
  screen(name: string, options?: { expectedConsoleErrors?: string[] }): Promise<void>;
  /** Calls the API from the page, as the page's own scripts do (same origin, with the cookie). */
  callApi(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<ApiAnswer>;
  /** Closes the browser context. */
  close(): Promise<void>;
}

/** An API answer as the page received it. */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * Starts a visitor of the app at `baseUrl` with an empty cookie jar and a blank page; its pages
 * may also load from the origins `alsoAllowed` (e.g. a module UI the shell frames).
 */
export async function startVisitor(
  browser: Browser,
  baseUrl: string,
  alsoAllowed: readonly string[] = [],
): Promise<Visitor> {
  const origin = new URL(baseUrl).origin;
  const watched = await watchContext(browser, origin, alsoAllowed);
  const page = await watched.newPage();
  // Every step here is a click or a page load on this machine: waiting longer only delays failures.
  page.setDefaultTimeout(10_000);
  let requestsChecked = 0;

  const open = async (path: string) => {
    const response = await gotoSettled(page, new URL(path, origin).toString());
    return response?.status();
  };

  const arriveAt = async (pathname: string) => {
    await page.waitForURL((url) => url.pathname === pathname);
  };

  const screen = async (name: string, options: { expectedConsoleErrors?: string[] } = {}) => {
    // Client navigations and refreshes fetch in the background; let them settle first.
    await settled(page);
    // A dialog fades and zooms in: shoot it where it ends, not halfway (spinners never end).
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
          .map((animation) => animation.finished.catch(() => undefined)),
      ),
    );
    await saveScreenshot(page, name);
    const requests = watched.requests.slice(requestsChecked);
    requestsChecked = watched.requests.length;
    const consoleErrors = watched.consoleErrors.splice(0);
    expect(
      foreignRequests({ requests, origin }, alsoAllowed),
      `off-origin requests up to ${name}`,
    ).toStrictEqual([]);
    expect(consoleErrors, `console errors up to ${name}`).toStrictEqual(
      options.expectedConsoleErrors ?? [],
    );
  };

  const callApi = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
    page.evaluate(
      async ({ method, path, body }) => {
        const response = await fetch(path, {
          method,
          credentials: 'same-origin',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      },
      { method, path, body },
    );

  return { page, origin, open, arriveAt, screen, callApi, close: () => watched.context.close() };
}
