import {
  type TenantTree,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { ModuleManifest, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  disableModule,
  enableModule,
  installModule,
  listAvailableModules,
  recordBreakerState,
  resolveModuleRuntime,
  rollbackInstallation,
  setModuleTokenPermissions,
  uninstallModule,
  upgradeInstallation,
} from '../../src';
import { registerTestModule, testManifest, type HealthStandIn } from '../../src/testing';
import { cid, failure, freshKey, setupModulesDatabase, treeActors } from './support';

// The module UI runtime on real Postgres (docs/modules.md "Module UI runtime"): what the
// module host gets (resolveModuleRuntime: the page lookup's refusals, then the UI's own; the
// settings without writeOnly secrets; the token grants the caller holds), the admin's UI token
// grants (setModuleTokenPermissions: who, what, audited, nothing changed on a refusal), grants
// kept across upgrade and rollback only while declared, and the gateway's breaker record.

let test: TestDatabase;
let tree: TenantTree;
let targets: HealthStandIn;

setupModulesDatabase((setup) => {
  ({ test, tree, targets } = setup);
});

const {
  ws,
  superAdmin,
  agencyAdminA,
  agencyManagerA,
  agencyAdminB,
  businessAdminA1,
  businessManagerA1,
  businessUserA1,
} = treeActors(() => tree);

const RULES = { isLocal: false, shellOrigins: ['https://app.example.com'] };
const CONFIG_SCHEMA = {
  type: 'object',
  properties: {
    greeting: { type: 'string' },
    apiKey: { type: 'string', writeOnly: true },
  },
};

/** A module with a UI, a secret setting and permissions of every suffix role. */
function uiManifest(key: string, overrides: Partial<ModuleManifest> = {}): ModuleManifest {
  return {
    ...testManifest({
      key,
      baseUrl: targets.baseUrl('healthy'),
      permissions: [`${key}.items.create`, `${key}.items.manage`],
      configSchema: CONFIG_SCHEMA,
      adminPages: { '/settings': 'admin' },
    }),
    capabilities: ['notifications'],
    frontend: { entryUrl: `https://${key}.modules.example.com/ui` },
    ...overrides,
  };
}

/** Registered, installed in A1 with a greeting and a secret, enabled. */
async function enabledModule(overrides: Partial<ModuleManifest> = {}): Promise<ModuleManifest> {
  const manifest = uiManifest(freshKey('ui'), overrides);
  await registerTestModule(test.db, superAdmin(), manifest);
  await installModule(test.db, {
    actor: agencyAdminA(),
    workspaceId: ws('A1'),
    moduleKey: manifest.id,
    config: { greeting: 'Hi', apiKey: 'secret-123' },
    correlationId: cid('install'),
  });
  await enableModule(test.db, {
    actor: agencyAdminA(),
    workspaceId: ws('A1'),
    moduleKey: manifest.id,
    correlationId: cid('enable'),
  });
  return manifest;
}

const runtime = (
  actor: WorkspaceContext,
  moduleKey: string,
  path?: string,
  rules = RULES,
  workspace: TenantWorkspaceKey = 'A1',
) => resolveModuleRuntime(test.db, { actor, workspaceId: ws(workspace), moduleKey, path, rules });

const grant = (
  moduleKey: string,
  permissions: string[],
  actor = agencyAdminA(),
  workspace: TenantWorkspaceKey = 'A1',
) =>
  setModuleTokenPermissions(test.db, {
    actor,
    workspaceId: ws(workspace),
    moduleKey,
    permissions,
    correlationId: cid('grant'),
  });

async function grantsOf(moduleKey: string, workspace: TenantWorkspaceKey = 'A1') {
  const { rows } = await test.admin.query<{ token_permissions: string[] }>(
    `select token_permissions from public.module_installations
      where workspace_id = $1 and module_key = $2`,
    [ws(workspace), moduleKey],
  );
  return rows[0]?.token_permissions ?? null;
}
async function grantAudits(moduleKey: string) {
  const { rows } = await test.admin.query<{ action: string; metadata_json: unknown }>(
    `select action, metadata_json - 'people' as metadata_json from public.audit_logs
      where action = 'module.token_permissions_update' and target_id = $1
      order by created_at, id`,
    [moduleKey],
  );
  return rows;
}

describe('resolveModuleRuntime', () => {
  it("answers the entry URL, the settings without writeOnly ones and the caller's token grants", async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    await grant(key, [`${key}.items.read`, `${key}.items.create`, `${key}.items.manage`]);
    const expected = {
      workspace_id: ws('A1'),
      module_key: key,
      name: manifest.name,
      version: '1.0.0',
      entry_url: `https://${key}.modules.example.com/ui`,
      entry_origin: `https://${key}.modules.example.com`,
      settings: { greeting: 'Hi' },
      capabilities: ['notifications'],
      bridge_protocol_version: '1.1.0',
      page: { path: '/', title: 'Page /', minimum_role: 'member' },
    };
    // Granted AND held: read (member), create (admin), manage (owner).
    expect(await runtime(businessUserA1(), key)).toStrictEqual({
      ...expected,
      token_permissions: [`${key}.items.read`],
    });
    expect((await runtime(businessManagerA1(), key)).token_permissions).toStrictEqual([
      `${key}.items.read`,
      `${key}.items.create`,
    ]);
    expect((await runtime(businessAdminA1(), key)).token_permissions).toStrictEqual([
      `${key}.items.read`,
      `${key}.items.create`,
      `${key}.items.manage`,
    ]);
    // Not granted: never in the answer, whoever asks.
    await grant(key, [`${key}.items.create`]);
    expect((await runtime(businessAdminA1(), key)).token_permissions).toStrictEqual([
      `${key}.items.create`,
    ]);
    expect((await runtime(businessUserA1(), key)).token_permissions).toStrictEqual([]);
    // The page the path opens.
    expect((await runtime(businessManagerA1(), key, '/settings')).page).toStrictEqual({
      path: '/settings',
      title: 'Page /settings',
      minimum_role: 'admin',
    });
  });

  it("grants a shell capability only to who holds it in the workspace (the context's, or the workspace's capabilities)", async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    await registerTestModule(test.db, superAdmin(), {
      ...manifest,
      version: '1.1.0',
      permissions: [...manifest.permissions, 'modules.enable'],
    });
    await upgradeInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      toVersion: '1.1.0',
      consent: true,
      correlationId: cid('upgrade'),
    });
    await grant(key, ['modules.enable', `${key}.items.read`]);
    // The business user holds no modules.enable in A1; the agency manager does, from above.
    expect((await runtime(businessUserA1(), key)).token_permissions).toStrictEqual([
      `${key}.items.read`,
    ]);
    expect((await runtime(agencyManagerA(), key)).token_permissions).toStrictEqual([
      `${key}.items.read`,
      'modules.enable',
    ]);
  });

  it("refuses in the page lookup's order, then the UI's own refusals", async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    // Another tenant's workspace: not even visible.
    expect(await failure(runtime(agencyAdminB(), key))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: expect.any(Object),
    });
    expect(await failure(runtime(businessUserA1(), freshKey('none')))).toMatchObject({
      code: 'MODULE_NOT_REGISTERED',
    });
    expect(await failure(runtime(businessUserA1(), key, '/missing'))).toStrictEqual({
      code: 'NOT_FOUND',
      details: { module_key: key, path: '/missing' },
    });
    expect(await failure(runtime(businessUserA1(), key, '/settings'))).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { module_key: key, minimum_role: 'admin' },
    });

    // No UI.
    const headless = await enabledModule({ frontend: undefined });
    expect(await failure(runtime(businessUserA1(), headless.id))).toStrictEqual({
      code: 'NOT_FOUND',
      details: { module_key: headless.id, reason: 'no_frontend' },
    });

    // Plain http on loopback: the manifest allows it, the deployment only in local mode.
    const local = await enabledModule({ frontend: { entryUrl: 'http://127.0.0.1:4101/ui' } });
    expect(await failure(runtime(businessUserA1(), local.id))).toStrictEqual({
      code: 'MANIFEST_INVALID',
      details: { module_key: local.id, reason: 'entry_url_insecure' },
    });
    expect(
      (await runtime(businessUserA1(), local.id, '/', { ...RULES, isLocal: true })).entry_origin,
    ).toBe('http://127.0.0.1:4101');

    // The shell's own origin would frame the shell itself.
    const sameOrigin = await enabledModule({
      frontend: { entryUrl: 'https://app.example.com/modules/ui' },
    });
    expect(await failure(runtime(businessUserA1(), sameOrigin.id))).toStrictEqual({
      code: 'MANIFEST_INVALID',
      details: { module_key: sameOrigin.id, reason: 'entry_url_same_origin' },
    });

    // Disabled: MODULE_NOT_ENABLED with the state, before anything of the UI.
    await disableModule(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: headless.id,
      correlationId: cid('disable'),
    });
    expect(await failure(runtime(businessUserA1(), headless.id))).toStrictEqual({
      code: 'MODULE_NOT_ENABLED',
      details: { module_key: headless.id, state: 'disabled' },
    });
  });
});

describe('setModuleTokenPermissions', () => {
  it('sets the grants with modules.install, audited, and answers the availability item', async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    const item = await grant(key, [`${key}.items.manage`, `${key}.items.read`]);
    expect(item).toMatchObject({
      module_key: key,
      state: 'enabled',
      token_permissions: [`${key}.items.manage`, `${key}.items.read`],
      requestable_permissions: [`${key}.items.read`, `${key}.items.create`, `${key}.items.manage`],
    });
    expect(await grantsOf(key)).toStrictEqual([`${key}.items.manage`, `${key}.items.read`]);
    // The same list again writes and audits nothing.
    await grant(key, [`${key}.items.manage`, `${key}.items.read`]);
    await grant(key, []);
    expect(await grantsOf(key)).toStrictEqual([]);
    expect(await grantAudits(key)).toStrictEqual([
      {
        action: 'module.token_permissions_update',
        metadata_json: {
          module_key: key,
          version: '1.0.0',
          token_permissions: { from: [], to: [`${key}.items.manage`, `${key}.items.read`] },
        },
      },
      {
        action: 'module.token_permissions_update',
        metadata_json: {
          module_key: key,
          version: '1.0.0',
          token_permissions: { from: [`${key}.items.manage`, `${key}.items.read`], to: [] },
        },
      },
    ]);
  });

  it('refuses, changing nothing: who, another tenant, what is not requested, not installed', async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    await grant(key, [`${key}.items.read`]);
    const before = await test.admin.query(
      `select * from public.module_installations where module_key = $1 order by id`,
      [key],
    );
    const auditsBefore = await grantAudits(key);

    // enable/disable only (agency manager), a business manager, the business admin under the
    // agency's default policy, another agency.
    expect(await failure(grant(key, [], agencyManagerA()))).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await failure(grant(key, [], businessManagerA1()))).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(await failure(grant(key, [], businessAdminA1()))).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { reason: 'agency_policy' },
    });
    expect(await failure(grant(key, [], agencyAdminB()))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: expect.any(Object),
    });
    // Not the module's permissions, or twice.
    expect(
      await failure(
        grant(key, [
          `${key}.items.read`,
          'other.items.read',
          'modules.enable',
          `${key}.items.read`,
        ]),
      ),
    ).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        issues: [
          {
            path: 'body.permissions.1',
            message: "other.items.read is not one of the module's permissions",
          },
          {
            path: 'body.permissions.2',
            message: "modules.enable is not one of the module's permissions",
          },
          { path: 'body.permissions.3', message: `${key}.items.read is listed twice` },
        ],
      },
    });
    expect(
      await test.admin.query(
        `select * from public.module_installations where module_key = $1 order by id`,
        [key],
      ),
    ).toMatchObject({ rows: before.rows });
    expect(await grantAudits(key)).toStrictEqual(auditsBefore);

    // Unknown, never installed here, uninstalled.
    expect(await failure(grant(freshKey('none'), []))).toMatchObject({
      code: 'MODULE_NOT_REGISTERED',
    });
    expect(await failure(grant(key, [], agencyAdminA(), 'A2'))).toStrictEqual({
      code: 'MODULE_NOT_ENABLED',
      details: { module_key: key, state: 'not_installed' },
    });
    for (const fn of [disableModule, uninstallModule]) {
      await fn(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
        correlationId: cid('step'),
      });
    }
    expect(await failure(grant(key, []))).toStrictEqual({
      code: 'MODULE_NOT_ENABLED',
      details: { module_key: key, state: 'uninstalled' },
    });
    // A reinstall starts with no grants (an admin grants again).
    await installModule(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      correlationId: cid('reinstall'),
    });
    expect(await grantsOf(key)).toStrictEqual([]);
  });

  it('keeps across upgrade and rollback only the grants the new version still requests', async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    await grant(key, [`${key}.items.manage`, `${key}.items.create`, `${key}.items.read`]);
    // 2.0.0 drops items.create.
    await registerTestModule(test.db, superAdmin(), {
      ...manifest,
      version: '2.0.0',
      permissions: [`${key}.items.read`, `${key}.items.manage`],
    });
    await upgradeInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      toVersion: '2.0.0',
      consent: true,
      correlationId: cid('upgrade'),
    });
    expect(await grantsOf(key)).toStrictEqual([`${key}.items.manage`, `${key}.items.read`]);
    // Back to 1.0.0: nothing dropped comes back by itself.
    await rollbackInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      correlationId: cid('rollback'),
    });
    expect(await grantsOf(key)).toStrictEqual([`${key}.items.manage`, `${key}.items.read`]);
  });
});

describe('recordBreakerState', () => {
  it('records a transition on the version health row, shown by listAvailableModules', async () => {
    const manifest = await enabledModule();
    const key = manifest.id;
    const open = {
      state: 'open' as const,
      ejections: 2,
      open_until: '2026-12-07T01:00:10.000Z',
      changed_at: '2026-12-07T01:00:00.000Z',
    };
    expect(
      await recordBreakerState(test.db, { moduleKey: key, version: '1.0.0', view: open }),
    ).toBe(true);
    const list = await listAvailableModules(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
    });
    const item = list.items.find((entry) => entry.module_key === key);
    expect(item?.health).toMatchObject({ status: 'healthy', breaker: open });
    // A version never checked has no row: nothing recorded.
    expect(
      await recordBreakerState(test.db, { moduleKey: key, version: '9.9.9', view: open }),
    ).toBe(false);
    // Closed again; changed_at defaults to now.
    await recordBreakerState(test.db, {
      moduleKey: key,
      version: '1.0.0',
      view: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
    });
    const closed = (
      await listAvailableModules(test.db, { actor: businessUserA1(), workspaceId: ws('A1') })
    ).items.find((entry) => entry.module_key === key);
    expect(closed?.health.breaker).toStrictEqual({
      state: 'closed',
      ejections: 0,
      open_until: null,
      changed_at: expect.stringMatching(/Z$/),
    });
  });
});
