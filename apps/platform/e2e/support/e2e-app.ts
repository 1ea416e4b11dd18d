import type { Browser } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { buildAppIfNeeded } from './build-app';
import { launchBrowser } from './browser';
import { startAppServer, type AppServer } from './start-app-server';

/** Everything a browser test file needs: the built app served on its own database, and Chromium. */
export interface E2eApp {
  baseUrl: string;
  database: TestDatabase;
  browser: Browser;
  /** Closes the browser, stops the server, drops the database; safe after a partial start. */
  stop(): Promise<void>;
}

export interface StartE2eAppOptions {
  /** Fills the fresh database before the server starts (e.g. the demo tenant tree). */
  seed?: (database: TestDatabase) => Promise<void>;
  /** More environment for the app server (`startAppServer`). */
  env?: Record<string, string>;
}

/**
 * Builds the app if its sources changed, then serves it (scripts/serve.ts) against a fresh
 * migrated database of this test file (seeded by `options.seed`) and launches Chromium. Call
 * in `beforeAll`, and `stop()` in `afterAll`.
 */
export async function startE2eApp(options: StartE2eAppOptions = {}): Promise<E2eApp> {
  let database: TestDatabase | undefined;
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
  };
  try {
    await buildAppIfNeeded();
    database = await createTestDatabase();
    await options.seed?.(database);
    server = await startAppServer(database.url, options.env);
    browser = await launchBrowser();
    return { baseUrl: server.baseUrl, database, browser, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
