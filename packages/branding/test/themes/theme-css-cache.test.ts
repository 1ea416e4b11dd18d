import { createChannelHub } from '@aiconnected/db';
import {
  closeAfterEach,
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
  type TenantWorkspaceKey,
} from '@aiconnected/db/testing';
import { normalColor, resolveTheme, themeToCss } from '@aiconnected/theme';
import { describe, expect, it } from 'vitest';
import { createThemeCssCache, type ThemeCssCache } from '../../src/themes';

// The page theme cache on real Postgres: compiled from shell.theme_chain (migration 028),
// reused while its listener proves notifications arrive, forgotten when a theme of its chain
// is saved in any connection (NOTIFY shell_theme_changed), and fail closed otherwise.

let test: TestDatabase;
let tree: TenantTree;
let version = 0;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const closing = closeAfterEach<ThemeCssCache>();

const id = (key: TenantWorkspaceKey) => tree.workspaces[key].id;
const SELECTORS = { selector: 'html:root', darkSelector: 'html.dark' };

/** Saves a theme version as the superuser (another connection: what another process does). */
async function saveTheme(key: TenantWorkspaceKey, primary: string): Promise<void> {
  version += 1;
  await test.admin.query(
    'insert into public.themes (workspace_id, token_payload, version) values ($1, $2, $3)',
    [id(key), JSON.stringify({ light: { 'chart-1': primary } }), version],
  );
}

/** Up to 15 s on a loaded machine, well under the cache's 60 s TTL: the notification does it. */
const NOTIFIED = { timeout: 15_000 };

async function listeningCache(): Promise<ThemeCssCache> {
  // Heartbeat 5 s (the default): a step slower than heartbeatMs turns the listener off and
  // clears the cache, which a loaded machine could do to a 200 ms one between a read and its
  // reuse; no test here depends on the heartbeat's pace (the first proof runs at once).
  const cache = createThemeCssCache(test.db, { heartbeatMs: 5000, hub: createChannelHub(test.db) });
  closing(cache);
  cache.listen();
  await expect.poll(() => cache.active, NOTIFIED).toBe(true);
  return cache;
}

/** The `--chart-1` of the light block of `css`. */
const chart1 = (css: string) => /html:root \{[^}]*--chart-1: ([^;]+);/.exec(css)?.[1];

describe('createThemeCssCache', () => {
  it('compiles the effective theme of a workspace, the baseline for null or an unknown id', async () => {
    const cache = createThemeCssCache(test.db, { hub: createChannelHub(test.db) });
    closing(cache);
    const defaults = themeToCss(resolveTheme([]), SELECTORS);
    expect(await cache.cssFor(id('A1'))).toBe(defaults);
    expect(await cache.cssFor(null)).toBe(defaults);
    expect(await cache.cssFor('00000000-0000-4000-8000-000000000009')).toBe(defaults);
  });

  it('forgets a compiled theme when a workspace of its chain saves, across connections', async () => {
    const cache = await listeningCache();
    await saveTheme('A', '#15803d');
    await expect
      .poll(async () => chart1(await cache.cssFor(id('A1'))), NOTIFIED)
      .toBe(normalColor('#15803d'));
    expect(chart1(await cache.cssFor(id('B1')))).toBe(
      chart1(themeToCss(resolveTheme([]), SELECTORS)),
    );

    await saveTheme('A1', '#1d4ed8');
    await expect
      .poll(async () => chart1(await cache.cssFor(id('A1'))), NOTIFIED)
      .toBe(normalColor('#1d4ed8'));

    // The baseline reaches every workspace that does not set the token itself.
    await saveTheme('S', '#b91c1c');
    await expect
      .poll(async () => chart1(await cache.cssFor(id('B1'))), NOTIFIED)
      .toBe(normalColor('#b91c1c'));
    expect(chart1(await cache.cssFor(null))).toBe(normalColor('#b91c1c'));
    expect(chart1(await cache.cssFor(id('A1')))).toBe(normalColor('#1d4ed8'));
  });

  it('reuses a compiled theme while listening and reads afresh once closed', async () => {
    const cache = await listeningCache();
    const first = await cache.cssFor(id('A2'));
    // A write that sends no notification (the trigger disabled for this one statement) is
    // not seen while the cached answer lives: the answer is reused, not re-read.
    const client = await test.admin.connect();
    try {
      await client.query('begin');
      await client.query('alter table public.themes disable trigger themes_notify_theme_cache');
      version += 1;
      await client.query(
        'insert into public.themes (workspace_id, token_payload, version) values ($1, $2, $3)',
        [id('A2'), JSON.stringify({ light: { 'chart-1': '#7c3aed' } }), version],
      );
      await client.query('alter table public.themes enable trigger themes_notify_theme_cache');
      await client.query('commit');
    } finally {
      client.release();
    }
    expect(await cache.cssFor(id('A2'))).toBe(first);
    await cache.close();
    expect(cache.active).toBe(false);
    expect(chart1(await cache.cssFor(id('A2')))).toBe(normalColor('#7c3aed'));
  });
});
