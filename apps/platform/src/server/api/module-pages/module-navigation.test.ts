import { createChannelHub } from '@aiconnected/db';
import {
  createModuleSnapshotCache,
  enableModule,
  installModule,
  type ModuleSnapshotCache,
} from '@aiconnected/modules';
import {
  registerTestModule,
  startHealthStandIn,
  testManifest,
  type HealthStandIn,
} from '@aiconnected/modules/testing';
import type { ModuleNavigationList } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  as,
  contextOf,
  createTestApi,
  expectError,
  ROLE_TREE_MEMBERS,
  seedRoleTree,
  setupApiTest,
  signInAll,
  type ApiTestSetup,
  type MemberLabel,
  type RoleTree,
  type TestApi,
  type TreeKey,
} from '@aiconnected/platform/testing';

// GET /modules/navigation (the app layout's sidebar call) and GET /modules/{key}/page on real
// Postgres, through an API whose module snapshot cache listens (as the runtime's), beside the
// uncached test API: the same answers for every member of the role tree, refusals for another
// tenant's workspace, and a write through the API shows on the next request at once.

let standIn: HealthStandIn;
let setup: ApiTestSetup<RoleTree>;
let tokens: Record<MemberLabel, string>;
let cachedApi: TestApi;
let snapshots: ModuleSnapshotCache;
const KEY = 'nav-api';

beforeAll(async () => {
  standIn = await startHealthStandIn();
});
afterAll(async () => {
  await snapshots.close();
  await cachedApi.deps.sessionCache.close();
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
      adminPages: { '/settings': 'admin', '/owners': 'owner' },
    }),
  );
  const agencyAdmin = await contextOf(ready.api, tokens['A.agency_admin']);
  for (const workspace of ['A1', 'A'] as const) {
    const target = { actor: agencyAdmin, workspaceId: ready.tree.workspaces[workspace].id };
    await installModule(db, { ...target, moduleKey: KEY, correlationId: 'test-install' });
    await enableModule(db, { ...target, moduleKey: KEY, correlationId: 'test-enable' });
  }
  // Heartbeat 5 s (the default): a step slower than heartbeatMs turns the listener off and clears
  // the cache, which at 500 ms a loaded machine could do between a read and its reuse; no test
  // here depends on the heartbeat's pace (the first proof runs at once).
  snapshots = createModuleSnapshotCache(db, { hub: createChannelHub(db), heartbeatMs: 5000 });
  snapshots.listen();
  cachedApi = createTestApi(db, { moduleSnapshots: snapshots });
  await vi.waitFor(() => expect(snapshots.active).toBe(true), { timeout: 15_000, interval: 20 });
});

const ws = (key: TreeKey) => setup.tree.workspaces[key].id;
const navigation = (api: TestApi, who: MemberLabel, workspace: TreeKey) =>
  api.api.request(`/api/modules/navigation?workspace_id=${ws(workspace)}`, as(tokens[who], 'GET'));
const page = (api: TestApi, who: MemberLabel, workspace: TreeKey, path: string) =>
  api.api.request(
    `/api/modules/${KEY}/page?workspace_id=${ws(workspace)}&path=${encodeURIComponent(path)}`,
    as(tokens[who], 'GET'),
  );
const answer = async (response: Response) => {
  const body = (await response.json()) as Record<string, unknown>;
  const { error } = body as { error?: Record<string, unknown> };
  // The correlation id differs per request; everything else must not.
  return { status: response.status, body: error ? { ...error, correlation_id: null } : body };
};

describe('GET /modules/navigation and the page lookup, cached', () => {
  it.each(
    ROLE_TREE_MEMBERS.map(([home, role]): [MemberLabel, TreeKey] => [`${home}.${role}`, home]),
  )(
    '%s: the same answers as without the cache, in its home workspace and in A1',
    async (who, home) => {
      for (const workspace of [...new Set<TreeKey>([home, 'A1'])]) {
        expect(await answer(await navigation(cachedApi, who, workspace))).toStrictEqual(
          await answer(await navigation(setup, who, workspace)),
        );
        for (const path of ['/', '/settings', '/owners', '/nope']) {
          expect(await answer(await page(cachedApi, who, workspace, path))).toStrictEqual(
            await answer(await page(setup, who, workspace, path)),
          );
        }
      }
    },
  );

  it('lists the entries the caller’s role may open: a business user the member page only', async () => {
    const response = await navigation(cachedApi, 'A1.business_user', 'A1');
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({
      workspace_id: ws('A1'),
      items: [
        {
          module_key: KEY,
          name: `Module ${KEY}`,
          navigation: [
            { label: `Module ${KEY}`, path: `/w/${ws('A1')}/m/${KEY}`, icon: 'box', order: 100 },
          ],
        },
      ],
    } satisfies ModuleNavigationList);
    const admin = (await (
      await navigation(cachedApi, 'A1.business_admin', 'A1')
    ).json()) as ModuleNavigationList;
    expect(admin.items[0]?.navigation.map((entry) => entry.label)).toStrictEqual([
      `Module ${KEY}`,
      `${KEY} settings`,
      `${KEY} owners`,
    ]);
  });

  it('refuses another tenant’s workspace (WORKSPACE_FORBIDDEN) and a malformed id', async () => {
    await expectError(
      await navigation(cachedApi, 'B1.business_admin', 'A1'),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('A1'),
      },
    );
    await expectError(await navigation(cachedApi, 'B.agency_admin', 'A'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: ws('A'),
    });
    const malformed = await cachedApi.api.request(
      '/api/modules/navigation?workspace_id=nope',
      as(tokens['A1.business_user'], 'GET'),
    );
    expect(malformed.status).toBe(422);
  });

  it('a disable through the API shows on the next request of the same process, without waiting', async () => {
    // Kept first: the navigation is answered from the snapshot.
    expect(
      (
        (await (
          await navigation(cachedApi, 'A1.business_user', 'A1')
        ).json()) as ModuleNavigationList
      ).items,
    ).toHaveLength(1);
    const disabled = await cachedApi.api.request(
      `/api/modules/${KEY}/disable`,
      as(tokens['A.agency_admin'], 'POST', { workspace_id: ws('A1') }),
    );
    expect(disabled.status).toBe(200);
    expect(await (await navigation(cachedApi, 'A1.business_user', 'A1')).json()).toStrictEqual({
      workspace_id: ws('A1'),
      items: [],
    });
    await expectError(await page(cachedApi, 'A1.business_user', 'A1', '/'), 'MODULE_NOT_ENABLED', {
      module_key: KEY,
      state: 'disabled',
    });
  });
});
