import { loadGoverningMemberships } from '@aiconnected/access';
import { createChannelHub } from '@aiconnected/db';
import {
  type TenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { RoleTemplate } from '@aiconnected/permissions';
import type { ModuleManifest, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createModuleSnapshotCache,
  disableModule,
  enableModule,
  installModule,
  listAvailableModules,
  readModuleNavigation,
  resolveModulePage,
  uninstallModule,
  upgradeInstallation,
  type ModuleSnapshotCache,
} from '../../src';
import { registerTestModule, testManifest, type HealthStandIn } from '../../src/testing';
import {
  actorOf,
  cid,
  failure,
  freshKey,
  setupModulesDatabase,
  treeActors,
} from '../installations/support';

// The module snapshot cache (docs/modules.md "Navigation and page lookup cache") on real
// Postgres: the layout's navigation and the page lookup answer the same cached as uncached
// for every role of the tree, and each kind of change reaches a listening cache through
// migration 037's notification (the cache's TTL is a minute: only the notification can
// explain a fresh snapshot within seconds).

let test: TestDatabase;
let tree: TenantTree;
let targets: HealthStandIn;
let cache: ModuleSnapshotCache;

setupModulesDatabase((setup) => {
  ({ test, tree, targets } = setup);
});

const { ws, superAdmin, agencyAdminA } = treeActors(() => tree);
// Generous for a loaded machine, still well under the cache's 60 s TTL: only a notification
// makes it forget in time.
const NOTIFIED_WITHIN = { timeout: 15_000, interval: 20 };
const ENTRY_RULES = { isLocal: true, shellOrigins: ['http://localhost:3000'] };

async function register(options: Partial<Parameters<typeof testManifest>[0]> = {}) {
  const manifest = testManifest({
    key: options.key ?? freshKey('nav'),
    baseUrl: targets.baseUrl('healthy'),
    adminPages: { '/settings': 'admin', '/owner': 'owner' },
    ...options,
  });
  await registerTestModule(test.db, superAdmin(), manifest);
  return manifest;
}
const step = (
  fn: typeof enableModule,
  manifest: ModuleManifest,
  workspace: TenantWorkspaceKey = 'A1',
) =>
  fn(test.db, {
    actor: agencyAdminA(),
    workspaceId: ws(workspace),
    moduleKey: manifest.id,
    correlationId: cid('step'),
  });
async function enabled(manifest: ModuleManifest, workspace: TenantWorkspaceKey = 'A1') {
  await installModule(test.db, {
    actor: agencyAdminA(),
    workspaceId: ws(workspace),
    moduleKey: manifest.id,
    correlationId: cid('install'),
  });
  await step(enableModule, manifest, workspace);
}

let free: ModuleManifest;
let paid: ModuleManifest;
let disabled: ModuleManifest;
let installedOnly: ModuleManifest;
let notInstalled: ModuleManifest;

beforeAll(async () => {
  free = await register();
  paid = await register({ paid: true });
  disabled = await register();
  installedOnly = await register();
  notInstalled = await register();
  for (const workspace of ['A1', 'A'] as const) {
    await enabled(free, workspace);
    await enabled(disabled, workspace);
    await step(disableModule, disabled, workspace);
  }
  await test.admin.query(
    `insert into public.billing_accounts (workspace_id, status) values ($1, 'active')`,
    [ws('A1')],
  );
  await enabled(paid, 'A1');
  await installModule(test.db, {
    actor: agencyAdminA(),
    workspaceId: ws('A1'),
    moduleKey: installedOnly.id,
    correlationId: cid('install'),
  });
  // Heartbeat 5 s (the default): a step slower than heartbeatMs turns the listener off and clears
  // the cache, which at 500 ms a loaded machine could do between a read and its reuse. The first
  // proof runs at once; the disabled-trigger test waits up to 15 s for the next heartbeat.
  cache = createModuleSnapshotCache(test.db, { hub: createChannelHub(test.db), heartbeatMs: 5000 });
  cache.listen();
  await vi.waitFor(() => expect(cache.active).toBe(true), NOTIFIED_WITHIN);
});
afterAll(async () => {
  await cache.close();
});

/** Someone acting in `workspace` (their session's active one) with `role`, and the memberships the guard resolved. */
async function actingIn(user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) {
  const actor = actorOf(tree, user, workspace, role);
  const governing = await test.db.withService('test: the memberships the guard resolves', (tx) =>
    loadGoverningMemberships(tx, { userId: actor.user_id, workspaceId: ws(workspace) }),
  );
  return { actor, memberships: governing?.memberships ?? [] };
}

const uncached = (actor: WorkspaceContext, workspaceId: string) => ({ actor, workspaceId });
const cached = (
  { actor, memberships }: Awaited<ReturnType<typeof actingIn>>,
  workspaceId = actor.workspace_id,
) => ({ actor, workspaceId, activeMemberships: memberships, snapshots: cache });

/** Every role of the tree, in the workspace it governs (its own, a child business, super). */
const CALLERS: [TenantUserKey, TenantWorkspaceKey, RoleTemplate][] = [
  ['businessAdminA1', 'A1', 'business_admin'],
  ['businessManagerA1', 'A1', 'business_manager'],
  ['businessUserA1', 'A1', 'business_user'],
  ['agencyAndBusiness', 'A1', 'business_user'],
  ['agencyAdminA', 'A1', 'agency_admin'],
  ['agencyManagerA', 'A1', 'agency_manager'],
  ['superAdmin', 'A1', 'super_admin'],
  ['superManager', 'A1', 'super_manager'],
  ['superUser', 'A1', 'super_user'],
  ['agencyAdminA', 'A', 'agency_admin'],
  ['agencyManagerA', 'A', 'agency_manager'],
  ['agencyUserA', 'A', 'agency_user'],
  ['agencyAndBusiness', 'A', 'agency_user'],
];

describe('module snapshot cache: the same answers as the uncached path', () => {
  it.each(CALLERS)(
    '%s in %s (%s): navigation and every page lookup',
    async (user, workspace, role) => {
      const caller = await actingIn(user, workspace, role);
      const { actor } = caller;
      expect(caller.memberships.length).toBeGreaterThan(0);
      const navigation = await readModuleNavigation(test.db, cached(caller));
      expect(navigation).toStrictEqual(
        await readModuleNavigation(test.db, uncached(actor, ws(workspace))),
      );
      // The entries GET /modules/available gives the enabled, unblocked modules (the layout's old source).
      const available = await listAvailableModules(test.db, { actor, workspaceId: ws(workspace) });
      expect(navigation.items).toStrictEqual(
        available.items
          .filter((item) => item.state === 'enabled' && item.navigation.length > 0)
          .map((item) => ({
            module_key: item.module_key,
            name: item.name,
            navigation: item.navigation,
          })),
      );
      const keys = [free, paid, disabled, installedOnly, notInstalled].map((m) => m.id);
      for (const moduleKey of [...keys, 'nav-never-registered']) {
        for (const path of ['/', '/settings', '/owner', '/nope']) {
          const lookup = { moduleKey, path, rules: ENTRY_RULES };
          expect(
            await failure(resolveModulePage(test.db, { ...cached(caller), ...lookup })),
          ).toStrictEqual(
            await failure(
              resolveModulePage(test.db, { ...uncached(actor, ws(workspace)), ...lookup }),
            ),
          );
          if (lookup.moduleKey === free.id) {
            expect(
              await resolveModulePage(test.db, { ...cached(caller), ...lookup }).catch(() => null),
            ).toStrictEqual(
              await resolveModulePage(test.db, {
                ...uncached(actor, ws(workspace)),
                ...lookup,
              }).catch(() => null),
            );
          }
        }
      }
    },
  );

  it('filters by role: a business user sees the member entry only, a business admin all three', async () => {
    const entriesOf = async (user: TenantUserKey, role: RoleTemplate) => {
      const { items } = await readModuleNavigation(
        test.db,
        cached(await actingIn(user, 'A1', role)),
      );
      return items.find((item) => item.module_key === free.id)?.navigation.map((e) => e.label);
    };
    expect(await entriesOf('businessUserA1', 'business_user')).toStrictEqual([`Module ${free.id}`]);
    expect(await entriesOf('businessManagerA1', 'business_manager')).toStrictEqual([
      `Module ${free.id}`,
      `${free.id} settings`,
    ]);
    expect(await entriesOf('businessAdminA1', 'business_admin')).toStrictEqual([
      `Module ${free.id}`,
      `${free.id} settings`,
      `${free.id} owner`,
    ]);
    expect(
      await failure(
        resolveModulePage(test.db, {
          ...cached(await actingIn('businessUserA1', 'A1', 'business_user')),
          moduleKey: free.id,
          path: '/settings',
          rules: ENTRY_RULES,
        }),
      ),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { module_key: free.id, minimum_role: 'admin' },
    });
  });

  it('asks for another workspace than the active one the uncached way: refused outside the tree', async () => {
    const agencyAdmin = await actingIn('agencyAdminA', 'A', 'agency_admin');
    // A child business of the active agency: allowed, the same answer.
    expect(await readModuleNavigation(test.db, cached(agencyAdmin, ws('A1')))).toStrictEqual(
      await readModuleNavigation(test.db, uncached(agencyAdmin.actor, ws('A1'))),
    );
    const other = await actingIn('agencyAdminB', 'B', 'agency_admin');
    for (const workspace of ['A1', 'A'] as const) {
      expect(
        await failure(readModuleNavigation(test.db, cached(other, ws(workspace)))),
      ).toStrictEqual({
        code: 'WORKSPACE_FORBIDDEN',
        details: { workspace_id: ws(workspace) },
      });
    }
  });
});

describe('module snapshot cache: each change reaches it through migration 037', () => {
  /** The kept snapshot of `workspace`, proven kept (the same object twice). */
  async function warm(workspace: TenantWorkspaceKey) {
    const first = await cache.snapshotOf(ws(workspace));
    const kept = await cache.snapshotOf(ws(workspace));
    expect(kept).toBe(first);
    return kept;
  }
  /** Waits until `workspace`'s snapshot is read again, and returns it. */
  async function forgotten(workspace: TenantWorkspaceKey, before: unknown) {
    let after: Awaited<ReturnType<ModuleSnapshotCache['snapshotOf']>> | undefined;
    await vi.waitFor(async () => {
      after = await cache.snapshotOf(ws(workspace));
      expect(after).not.toBe(before);
    }, NOTIFIED_WITHIN);
    if (!after) throw new Error('no snapshot');
    return after;
  }
  const stateIn = async (key: string, workspace: TenantWorkspaceKey = 'A1') =>
    (await cache.snapshotOf(ws(workspace))).modules.get(key)?.state ?? null;

  it('install, enable, disable, upgrade, uninstall', async () => {
    const manifest = await register();
    let before = await warm('A1');
    await installModule(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: manifest.id,
      correlationId: cid('install'),
    });
    // The catalog row came with the registration: the install itself is what is seen now.
    before = await forgotten('A1', before);
    await vi.waitFor(
      async () => expect(await stateIn(manifest.id)).toBe('installed'),
      NOTIFIED_WITHIN,
    );
    before = await warm('A1');
    await step(enableModule, manifest);
    await forgotten('A1', before);
    expect(await stateIn(manifest.id)).toBe('enabled');

    // Upgrade: a new registered version (registry: every snapshot), then the installation moves.
    const v2 = { ...manifest, version: '2.0.0', name: 'Renamed in 2.0.0' };
    before = await warm('A1');
    await registerTestModule(test.db, superAdmin(), v2);
    before = await forgotten('A1', before);
    expect(before.modules.get(manifest.id)?.manifest?.name).toBe(manifest.name);
    before = await warm('A1');
    await upgradeInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: manifest.id,
      toVersion: '2.0.0',
      consent: true,
      correlationId: cid('upgrade'),
    });
    const upgraded = await forgotten('A1', before);
    expect(upgraded.modules.get(manifest.id)).toMatchObject({
      state: 'enabled',
      version: '2.0.0',
      manifest: { name: 'Renamed in 2.0.0' },
    });

    before = await warm('A1');
    await step(disableModule, manifest);
    await forgotten('A1', before);
    expect(await stateIn(manifest.id)).toBe('disabled');
    before = await warm('A1');
    await step(uninstallModule, manifest);
    await forgotten('A1', before);
    expect(await stateIn(manifest.id)).toBe('uninstalled');
  });

  it('a registry change forgets every workspace; an installation in another tree only its own', async () => {
    const a1 = await warm('A1');
    const b1 = await warm('B1');
    const manifest = await register();
    await forgotten('A1', a1);
    await forgotten('B1', b1);
    expect((await cache.snapshotOf(ws('A1'))).modules.get(manifest.id)).toStrictEqual({
      state: null,
      version: null,
      manifest: null,
      config: null,
      tokenPermissions: [],
    });

    const kept = await warm('A1');
    const other = await warm('B1');
    await installModule(test.db, {
      actor: actorOf(tree, 'agencyAdminB', 'B', 'agency_admin'),
      workspaceId: ws('B1'),
      moduleKey: manifest.id,
      correlationId: cid('install'),
    });
    await forgotten('B1', other);
    // B1's notification came and went: A1's snapshot stays. (A notification naming an agency
    // also forgets its businesses, whose billing may fall back on its account.)
    expect(await cache.snapshotOf(ws('A1'))).toBe(kept);
  });

  it('a billing account change: its own workspace and, for an agency, its businesses', async () => {
    const blockedPage = () =>
      failure(
        resolveModulePage(test.db, {
          actor: actorOf(tree, 'businessUserA1', 'A1', 'business_user'),
          workspaceId: ws('A1'),
          moduleKey: paid.id,
          path: '/',
          rules: ENTRY_RULES,
          activeMemberships: [],
        }),
      );
    let before = await warm('A1');
    expect(before.entitlement).toStrictEqual({ state: 'active', source_workspace_id: ws('A1') });
    await test.admin.query(
      `update public.billing_accounts set status = 'suspended' where workspace_id = $1`,
      [ws('A1')],
    );
    before = await forgotten('A1', before);
    expect(before.entitlement).toStrictEqual({ state: 'suspended', source_workspace_id: ws('A1') });
    const businessUser = await actingIn('businessUserA1', 'A1', 'business_user');
    expect(
      (await readModuleNavigation(test.db, cached(businessUser))).items.map(
        (item) => item.module_key,
      ),
    ).not.toContain(paid.id);
    expect(await blockedPage()).toMatchObject({ code: 'BILLING_SUSPENDED' });

    // Without its own account, A1 runs on its agency's: a change there forgets A1 too.
    await test.admin.query('delete from public.billing_accounts where workspace_id = $1', [
      ws('A1'),
    ]);
    before = await forgotten('A1', before);
    expect(before.entitlement).toStrictEqual({ state: 'none', source_workspace_id: null });
    before = await warm('A1');
    await test.admin.query(
      `insert into public.billing_accounts (workspace_id, status) values ($1, 'active')`,
      [ws('A')],
    );
    before = await forgotten('A1', before);
    expect(before.entitlement).toStrictEqual({ state: 'active', source_workspace_id: ws('A') });
    expect(
      (await readModuleNavigation(test.db, cached(businessUser))).items.map(
        (item) => item.module_key,
      ),
    ).toContain(paid.id);
  });

  it('turns itself off while one of 037’s triggers is disabled (its verify), and on again', async () => {
    const trigger = 'module_catalog_notify_module_cache';
    await test.admin.query(`alter table public.module_catalog disable trigger ${trigger}`);
    try {
      await vi.waitFor(() => expect(cache.active).toBe(false), NOTIFIED_WITHIN);
      const first = await cache.snapshotOf(ws('A1'));
      // Off: every lookup reads Postgres, nothing is kept.
      expect(await cache.snapshotOf(ws('A1'))).not.toBe(first);
    } finally {
      await test.admin.query(`alter table public.module_catalog enable trigger ${trigger}`);
    }
    await vi.waitFor(() => expect(cache.active).toBe(true), { timeout: 15_000, interval: 50 });
    await warm('A1');
  });

  it('never keeps a snapshot whose paid modules run on a grace period', async () => {
    await test.admin.query(
      `update public.billing_accounts set status = 'grace', grace_ends_at = now() + interval '1 day'
        where workspace_id = $1`,
      [ws('A')],
    );
    await vi.waitFor(async () => {
      const snapshot = await cache.snapshotOf(ws('A1'));
      expect(snapshot.entitlement?.state).toBe('grace');
      expect(await cache.snapshotOf(ws('A1'))).not.toBe(snapshot);
    }, NOTIFIED_WITHIN);
    await test.admin.query(
      `update public.billing_accounts set status = 'active', grace_ends_at = null where workspace_id = $1`,
      [ws('A')],
    );
  });
});

describe('module snapshot cache: bounded memory', () => {
  it('keeps of each enabled manifest only what navigation, the page lookup, the gateway and the UI runtime read', async () => {
    const snapshot = await cache.snapshotOf(ws('A1'));
    const module = snapshot.modules.get(free.id);
    // No events, configSchema, descriptions or site layer (snapshot-manifest-of.test.ts).
    expect(module?.manifest).toStrictEqual({
      id: free.id,
      name: free.name,
      paid: false,
      permissions: free.permissions,
      capabilities: [],
      admin: {
        pages: free.admin.pages,
        navigation: free.admin.navigation,
        apiRoutes: free.admin.apiRoutes,
      },
      target: { baseUrl: free.runtime.target.baseUrl, healthPath: '/health' },
      frontend: null,
      settings: { properties: {} },
    });
    expect(module?.config).toStrictEqual({});
    expect(module?.tokenPermissions).toStrictEqual([]);
    // Not enabled: neither the manifest nor the config.
    expect(snapshot.modules.get(disabled.id)).toMatchObject({ manifest: null, config: null });
  });

  it('is bounded in bytes: a snapshot heavier than maxBytes is answered but never kept', async () => {
    const small = createModuleSnapshotCache(test.db, {
      hub: createChannelHub(test.db),
      heartbeatMs: 5000,
      maxBytes: 64,
    });
    small.listen();
    try {
      await vi.waitFor(() => expect(small.active).toBe(true), NOTIFIED_WITHIN);
      const first = await small.snapshotOf(ws('A1'));
      expect(first.modules.get(free.id)?.state).toBe('enabled');
      expect(await small.snapshotOf(ws('A1'))).not.toBe(first);
    } finally {
      await small.close();
    }
  });
});
