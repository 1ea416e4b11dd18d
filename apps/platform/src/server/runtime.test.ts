import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadEnv } from '@/env';
import type { ApiDeps } from './api/context';
import { LISTENER_APPLICATION_NAME, startRuntime, type PlatformRuntime } from './runtime';

// The runtime as the web server starts it, on a test database: its five notified caches
// (session, page themes, hosts, sign-in branding, header logos) listen on ONE connection, and
// event delivery runs inline (EVENTS_DELIVERY's default) until the runtime closes.

let test: TestDatabase;
let runtime: PlatformRuntime;
beforeAll(async () => {
  test = await createTestDatabase();
  runtime = startRuntime(
    loadEnv({ DATABASE_URL: test.url, LOG_LEVEL: 'silent', DOMAIN_CHECK_INTERVAL_MS: '0' }),
  );
});
afterAll(async () => {
  await runtime.close();
  await test.drop();
});

/** This database's connections, by application_name. */
async function connections(): Promise<Record<string, number>> {
  const { rows } = await test.admin.query<{ name: string; n: number }>(
    `select application_name as name, count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() group by 1`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.n]));
}

describe('platform runtime', () => {
  it('listens for every cache of the process on one connection', async () => {
    const { themeCss, hostWorkspaces, workspaceLogos } = runtime;
    // Built with a database: the API's dependencies are the full set.
    const deps = runtime.deps as ApiDeps;
    if (!themeCss || !hostWorkspaces || !workspaceLogos) throw new Error('no database');
    const caches = [
      deps.sessionCache,
      deps.signInBranding,
      themeCss,
      hostWorkspaces,
      workspaceLogos,
    ];
    await vi.waitFor(
      () => expect(caches.map((cache) => cache.active)).toStrictEqual(caches.map(() => true)),
      {
        timeout: 20_000,
        interval: 10,
      },
    );
    // pg-boss (its own small pool) is up: event delivery runs in this process.
    await vi.waitFor(
      async () => expect((await connections())['aiconnected-delivery']).toBeGreaterThan(0),
      { timeout: 20_000, interval: 50 },
    );
    const open = await connections();
    expect(open[LISTENER_APPLICATION_NAME]).toBe(1);
    // No cache listens on a connection of its own (their former names included).
    expect(Object.keys(open).filter((name) => name.endsWith('-cache'))).toStrictEqual([]);

    await runtime.close();
    expect(caches.map((cache) => cache.active)).toStrictEqual(caches.map(() => false));
    const after = await connections();
    expect(after[LISTENER_APPLICATION_NAME]).toBeUndefined();
    expect(after['aiconnected-delivery']).toBeUndefined();
  });
});
