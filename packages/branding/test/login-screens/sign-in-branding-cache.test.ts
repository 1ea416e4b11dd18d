import { createChannelHub } from '@aiconnected/db';
import {
  closeAfterEach,
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import type { HostWorkspace } from '../../src/domains';
import { createSignInBrandingCache, type SignInBrandingCache } from '../../src/login-screens';

// The sign-in branding cache on real Postgres (createNotifiedCache underneath): an answer is
// reused while the listener proves notifications arrive, and a saved login-screen version in
// another connection (NOTIFY shell_login_screen_changed) makes the next answer a fresh read.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const closing = closeAfterEach<SignInBrandingCache>();

function cacheFor(listen: boolean): SignInBrandingCache {
  const resolveHost = (host: string | null | undefined): Promise<HostWorkspace | null> =>
    Promise.resolve(
      host === 'a.tenants.test' ? { workspace_id: tree.workspaces.A.id, kind: 'platform' } : null,
    );
  const cache = createSignInBrandingCache(test.db, {
    resolveHost,
    // 5 s (the default): a heartbeat step slower than heartbeatMs turns the listener off and
    // clears the cache, which a loaded machine could do to a 300 ms one between a read and its
    // reuse; no test here depends on the heartbeat's pace (the first proof runs at once).
    heartbeatMs: 5000,
    hub: createChannelHub(test.db),
  });
  closing(cache);
  if (listen) cache.listen();
  return cache;
}

describe('createSignInBrandingCache', () => {
  it('reads afresh every time while not listening', async () => {
    const cache = cacheFor(false);
    const first = await cache.forHost('a.tenants.test');
    expect(await cache.forHost('a.tenants.test')).not.toBe(first);
    expect(cache.active).toBe(false);
  });

  it('reuses an answer until a login screen is saved in another connection', async () => {
    const cache = cacheFor(true);
    // Polls wait up to 15 s (a loaded machine), well under the cache's 60 s TTL.
    await expect.poll(() => cache.active, { timeout: 15_000 }).toBe(true);
    const first = await cache.forHost('a.tenants.test');
    const platform = await cache.forHost('unknown.example');
    expect(await cache.forHost('a.tenants.test')).toBe(first);
    expect(await cache.forHost('unknown.example')).toBe(platform);
    await test.admin.query(
      'insert into public.login_screen_profiles (workspace_id, version, profile) values ($1, 1, $2)',
      [tree.workspaces.A.id, JSON.stringify({ copy: { headline: 'Welcome to Northwind' } })],
    );
    await expect
      .poll(async () => (await cache.forHost('a.tenants.test')) !== first, { timeout: 15_000 })
      .toBe(true);
    expect(JSON.stringify(await cache.forHost('a.tenants.test'))).toContain('Welcome to Northwind');
  });
});
