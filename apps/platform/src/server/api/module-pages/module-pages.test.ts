import { enableModule, disableModule, installModule } from '@aiconnected/modules';
import {
  registerTestModule,
  startHealthStandIn,
  testManifest,
  type HealthStandIn,
} from '@aiconnected/modules/testing';
import type { ModuleAvailabilityList, ModulePageResolution } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  contextOf,
  expectError,
  seedRoleTree,
  setupApiTest,
  signInAll,
  type ApiTestSetup,
  type MemberLabel,
  type RoleTree,
  TEST_ORIGIN,
  type TreeKey,
} from '@aiconnected/platform/testing';

// GET /modules/{key}/page, the module page route's lookup, on real Postgres: the module is
// registered through the real import and installed and enabled in A1 through the domain
// functions, its health answered by a loopback stand-in.

let standIn: HealthStandIn;
let setup: ApiTestSetup<RoleTree>;
let tokens: Record<MemberLabel, string>;
const KEY = 'pages';

beforeAll(async () => {
  standIn = await startHealthStandIn();
});
afterAll(async () => {
  await standIn.close();
});

setupApiTest(seedRoleTree, async (ready) => {
  setup = ready;
  tokens = await signInAll(ready.api, ready.tree);
  const db = ready.deps.db;
  await registerTestModule(
    db,
    await contextOf(ready.api, tokens['S.super_admin']),
    testManifest({
      key: KEY,
      baseUrl: standIn.baseUrl('healthy'),
      adminPages: {
        '/settings': 'admin',
        '/owners': 'owner',
        '/notes/:noteId': 'member',
        '/notes/new': 'member',
      },
    }),
  );
  const agencyAdmin = await contextOf(ready.api, tokens['A.agency_admin']);
  const target = { actor: agencyAdmin, workspaceId: ready.tree.workspaces.A1.id, moduleKey: KEY };
  await installModule(db, { ...target, correlationId: 'test-install' });
  await enableModule(db, { ...target, correlationId: 'test-enable' });
});

const ws = (key: TreeKey) => setup.tree.workspaces[key].id;
const page = (who: MemberLabel, workspace: TreeKey, path: string, key = KEY) =>
  setup.api.request(
    `/api/modules/${key}/page?workspace_id=${ws(workspace)}&path=${encodeURIComponent(path)}`,
    as(tokens[who], 'GET'),
  );
const resolution = (path: string, title: string, minimumRole: string): ModulePageResolution => ({
  workspace_id: ws('A1'),
  module_key: KEY,
  name: `Module ${KEY}`,
  version: '1.0.0',
  entry_origin: null,
  page: { path, title, minimum_role: minimumRole as ModulePageResolution['page']['minimum_role'] },
});

describe('GET /modules/{key}/page', () => {
  it('answers the entry origin only where the runtime would frame it (entryUrlRefusal)', async () => {
    const db = setup.deps.db;
    const agencyAdmin = await contextOf(setup.api, tokens['A.agency_admin']);
    const framed = async (key: string, entryUrl: string) => {
      const manifest = testManifest({ key, baseUrl: standIn.baseUrl('healthy') });
      await registerTestModule(db, await contextOf(setup.api, tokens['S.super_admin']), {
        ...manifest,
        frontend: { entryUrl },
      });
      const target = { actor: agencyAdmin, workspaceId: ws('A1'), moduleKey: key };
      await installModule(db, { ...target, correlationId: 'test-install' });
      await enableModule(db, { ...target, correlationId: 'test-enable' });
      const response = await page('A1.business_user', 'A1', '/', key);
      expect(response.status).toBe(200);
      return ((await response.json()) as ModulePageResolution).entry_origin;
    };
    // Loopback http in local mode (a test API's): framed.
    expect(await framed('pages-ui', 'http://127.0.0.1:4199/ui')).toBe('http://127.0.0.1:4199');
    // The shell's own origin: never framed, and the runtime refuses it.
    expect(await framed('pages-self', `${TEST_ORIGIN}/ui`)).toBeNull();
    await expectError(
      await setup.api.request(
        `/api/modules/pages-self/runtime?workspace_id=${ws('A1')}&path=/`,
        as(tokens['A1.business_user'], 'GET'),
      ),
      'MANIFEST_INVALID',
      { module_key: 'pages-self', reason: 'entry_url_same_origin' },
      "This module's screens cannot be opened here: its address is not allowed.",
    );
  });

  it('resolves an enabled module’s admin page for a plain member, literal segments before :params', async () => {
    const cases = [
      ['/', '/', 'Page /'],
      ['', '/', 'Page /'],
      ['/notes/42', '/notes/:noteId', 'Page /notes/:noteId'],
      ['/notes/new/', '/notes/new', 'Page /notes/new'],
    ] as const;
    for (const [asked, path, title] of cases) {
      const response = await page('A1.business_user', 'A1', asked || '/');
      expect(response.status).toBe(200);
      expect(await response.json()).toStrictEqual(resolution(path, title, 'member'));
    }
  });

  it('applies the page’s minimumRole: admin for a manager, owner for the admin, both for the governing agency admin', async () => {
    await expectError(
      await page('A1.business_user', 'A1', '/settings'),
      'PERMISSION_DENIED',
      {
        module_key: KEY,
        minimum_role: 'admin',
      },
      'Your role in this workspace does not include this page of the module.',
    );
    const manager = await page('A1.business_manager', 'A1', '/settings');
    expect(manager.status).toBe(200);
    expect(await manager.json()).toStrictEqual(resolution('/settings', 'Page /settings', 'admin'));
    await expectError(
      await page('A1.business_manager', 'A1', '/owners'),
      'PERMISSION_DENIED',
      {
        module_key: KEY,
        minimum_role: 'owner',
      },
      'Your role in this workspace does not include this page of the module.',
    );
    expect((await page('A1.business_admin', 'A1', '/owners')).status).toBe(200);
    expect((await page('A.agency_admin', 'A1', '/owners')).status).toBe(200);
    expect((await page('A.agency_manager', 'A1', '/settings')).status).toBe(200);
    await expectError(
      await page('A.agency_manager', 'A1', '/owners'),
      'PERMISSION_DENIED',
      {
        module_key: KEY,
        minimum_role: 'owner',
      },
      'Your role in this workspace does not include this page of the module.',
    );
  });

  it('answers NOT_FOUND for a path no admin page matches', async () => {
    for (const path of ['/nope', '/notes', '/notes/1/2', '/Settings']) {
      await expectError(
        await page('A1.business_user', 'A1', path),
        'NOT_FOUND',
        { module_key: KEY, path },
        'This module has no such page.',
      );
    }
  });

  it('answers MODULE_NOT_ENABLED with the state where it is not enabled, MODULE_NOT_REGISTERED for an unknown key', async () => {
    await expectError(await page('A2.business_user', 'A2', '/'), 'MODULE_NOT_ENABLED', {
      module_key: KEY,
      state: 'not_installed',
    });
    await expectError(await page('A1.business_user', 'A1', '/', 'nope'), 'MODULE_NOT_REGISTERED', {
      module_key: 'nope',
    });
  });

  it('refuses a workspace of another tenant (WORKSPACE_FORBIDDEN) and a malformed path', async () => {
    const other = await page('B1.business_admin', 'A1', '/');
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      'WORKSPACE_FORBIDDEN',
    );
    const malformed = await page('A1.business_user', 'A1', 'settings');
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_BLOCKING',
    );
  });

  it('stops resolving once the module is disabled there', async () => {
    const agencyAdmin = await contextOf(setup.api, tokens['A.agency_admin']);
    await disableModule(setup.deps.db, {
      actor: agencyAdmin,
      workspaceId: ws('A1'),
      moduleKey: KEY,
      correlationId: 'test-disable',
    });
    await expectError(await page('A1.business_user', 'A1', '/'), 'MODULE_NOT_ENABLED', {
      module_key: KEY,
      state: 'disabled',
    });
    await enableModule(setup.deps.db, {
      actor: agencyAdmin,
      workspaceId: ws('A1'),
      moduleKey: KEY,
      correlationId: 'test-enable-again',
    });
    expect((await page('A1.business_user', 'A1', '/')).status).toBe(200);
  });
});

describe('a paid module once billing stops allowing its use (PRD §23.2)', () => {
  it('refuses its pages and drops its navigation when suspended, canceled or without an account; grace still allows use', async () => {
    const key = 'paid-pages';
    const admin = setup.database.admin;
    const account = (status: string | null) =>
      status === null
        ? admin.query('delete from public.billing_accounts where workspace_id = $1', [ws('A1')])
        : admin.query(
            `insert into public.billing_accounts (workspace_id, status, grace_ends_at) values ($1, $2, $3)
             on conflict (workspace_id) do update set status = excluded.status, grace_ends_at = excluded.grace_ends_at`,
            [ws('A1'), status, status === 'grace' ? new Date(Date.now() + 86_400_000) : null],
          );
    await account('active');
    await registerTestModule(
      setup.deps.db,
      await contextOf(setup.api, tokens['S.super_admin']),
      testManifest({ key, baseUrl: standIn.baseUrl('healthy'), paid: true }),
    );
    const agencyAdmin = await contextOf(setup.api, tokens['A.agency_admin']);
    const target = { actor: agencyAdmin, workspaceId: ws('A1'), moduleKey: key };
    await installModule(setup.deps.db, { ...target, correlationId: 'test-install-paid' });
    await enableModule(setup.deps.db, { ...target, correlationId: 'test-enable-paid' });
    const availability = async () => {
      const response = await setup.api.request(
        `/api/modules/available?workspace_id=${ws('A1')}`,
        as(tokens['A1.business_user'], 'GET'),
      );
      expect(response.status).toBe(200);
      const list = (await response.json()) as ModuleAvailabilityList;
      const item = list.items.find((entry) => entry.module_key === key);
      return { navigation: item?.navigation.length, blocked_by: item?.blocked_by };
    };
    const usable = async () => {
      expect((await page('A1.business_user', 'A1', '/', key)).status).toBe(200);
      expect(await availability()).toStrictEqual({ navigation: 1, blocked_by: null });
    };
    await usable();

    for (const [status, code, reason] of [
      ['suspended', 'BILLING_SUSPENDED', 'suspended'],
      ['canceled', 'BILLING_REQUIRED', 'canceled'],
      [null, 'BILLING_REQUIRED', 'no_account'],
    ] as const) {
      await account(status);
      await expectError(
        await page('A1.business_user', 'A1', '/', key),
        code,
        {
          state: status ?? 'none',
          source_workspace_id: status === null ? null : ws('A1'),
          reason,
        },
        expect.any(String) as string,
      );
      expect(await availability()).toStrictEqual({ navigation: 0, blocked_by: { code, reason } });
    }

    // Grace blocks new paid activations only: the enabled module stays usable.
    await account('grace');
    await usable();
    await account('active');
    await usable();
    // The free module next to it is never blocked.
    expect((await page('A1.business_user', 'A1', '/')).status).toBe(200);
  });
});
