import {
  type TenantTree,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import {
  MODULE_INSTALLATION_ACTIONS,
  MODULE_INSTALLATION_FROM_STATES,
  nextInstallationState,
  type ModuleInstallationAction,
  type ModuleInstallationFrom,
  type ModuleManifest,
} from '@aiconnected/sdk-contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  disableModule,
  enableModule,
  installModule,
  listAvailableModules,
  previewUpgrade,
  readModulePolicy,
  rollbackInstallation,
  rollbackRegistry,
  uninstallModule,
  updateModulePolicy,
  upgradeInstallation,
  checkModuleHealth,
} from '../../src';
import { registerTestModule, testManifest, type HealthStandIn } from '../../src/testing';
import { cid, failure, freshKey, setupModulesDatabase, treeActors } from './support';

// Installations on real Postgres: every transition of the table from every state, the enable
// gates (a loopback stand-in target: healthy, 500, slow, refused; billing_accounts rows as the
// Stripe reconciliation leaves them), who may do what (the agency's policy), upgrade with and
// without consent, rollback, the available modules and their navigation.

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
  agencyUserA,
  agencyAdminB,
  businessAdminA1,
  businessManagerA1,
  businessUserA1,
} = treeActors(() => tree);

async function register(options: Partial<Parameters<typeof testManifest>[0]> = {}) {
  const manifest = testManifest({
    key: options.key ?? freshKey(),
    baseUrl: targets.baseUrl('healthy'),
    ...options,
  });
  await registerTestModule(test.db, superAdmin(), manifest);
  return manifest;
}

const install = (
  manifest: ModuleManifest,
  workspace: TenantWorkspaceKey = 'A1',
  who = agencyAdminA(),
  config?: Record<string, string>,
) =>
  installModule(test.db, {
    actor: who,
    workspaceId: ws(workspace),
    moduleKey: manifest.id,
    config,
    correlationId: cid('install'),
  });
const transition = (
  fn: typeof enableModule,
  manifest: ModuleManifest,
  workspace: TenantWorkspaceKey = 'A1',
  who = agencyAdminA(),
) =>
  fn(test.db, {
    actor: who,
    workspaceId: ws(workspace),
    moduleKey: manifest.id,
    correlationId: cid('transition'),
  });

async function installation(key: string, workspace: TenantWorkspaceKey = 'A1') {
  const { rows } = await test.admin.query<{
    state: string;
    module_version: string;
    previous_version: string | null;
    config_json: unknown;
  }>(
    `select state, module_version, previous_version, config_json from public.module_installations
      where workspace_id = $1 and module_key = $2`,
    [ws(workspace), key],
  );
  return rows[0] ?? null;
}
async function auditActions(key: string) {
  const { rows } = await test.admin.query<{
    action: string;
    metadata_json: Record<string, unknown>;
  }>(
    `select action, metadata_json - 'people' as metadata_json from public.audit_logs
      where target_type = 'module_installation' and target_id = $1 order by created_at, id`,
    [key],
  );
  return rows;
}
async function setPolicy(agency: TenantWorkspaceKey, allow: boolean) {
  await test.admin.query(
    `insert into public.module_policies (agency_workspace_id, businesses_may_manage) values ($1, $2)
     on conflict (agency_workspace_id) do update set businesses_may_manage = excluded.businesses_may_manage`,
    [ws(agency), allow],
  );
}

beforeEach(async () => {
  await test.admin.query('delete from public.module_policies');
  await test.admin.query('delete from public.billing_accounts');
});

describe('the transition table, from every state by every action', () => {
  const cases = MODULE_INSTALLATION_FROM_STATES.flatMap((from) =>
    MODULE_INSTALLATION_ACTIONS.map((action) => [from, action] as const),
  );

  it('covers 5 states x 4 actions, with the moves of design.md', () => {
    expect(cases).toHaveLength(20);
    const legal = cases.filter(([from, action]) => nextInstallationState(from, action) !== null);
    expect(
      legal.map(([from, action]) => `${from} -${action}-> ${nextInstallationState(from, action)}`),
    ).toStrictEqual([
      'none -install-> installed',
      'installed -enable-> enabled',
      'installed -uninstall-> uninstalled',
      'enabled -disable-> disabled',
      'disabled -enable-> enabled',
      'disabled -uninstall-> uninstalled',
      'uninstalled -install-> installed',
    ]);
  });

  /** A module installed in A1 and moved to `from` the product's way. */
  async function moduleIn(from: ModuleInstallationFrom): Promise<ModuleManifest> {
    const manifest = await register();
    if (from === 'none') return manifest;
    await install(manifest);
    if (from === 'enabled' || from === 'disabled') await transition(enableModule, manifest);
    if (from === 'disabled') await transition(disableModule, manifest);
    if (from === 'uninstalled') await transition(uninstallModule, manifest);
    return manifest;
  }
  const run: Record<ModuleInstallationAction, (manifest: ModuleManifest) => Promise<unknown>> = {
    install: (manifest) => install(manifest),
    enable: (manifest) => transition(enableModule, manifest),
    disable: (manifest) => transition(disableModule, manifest),
    uninstall: (manifest) => transition(uninstallModule, manifest),
  };

  it.each(cases)('%s -%s->', async (from, action) => {
    const manifest = await moduleIn(from);
    const before = await installation(manifest.id);
    const auditsBefore = (await auditActions(manifest.id)).length;
    const to = nextInstallationState(from, action);
    const outcome = await failure(run[action](manifest));
    if (to === null) {
      expect(outcome).toStrictEqual({ code: 'CONFLICT', details: { from, action } });
      expect(await installation(manifest.id)).toStrictEqual(before);
      expect(await auditActions(manifest.id)).toHaveLength(auditsBefore);
    } else {
      expect(outcome).toBe('ok');
      expect((await installation(manifest.id))?.state).toBe(to);
      const audits = await auditActions(manifest.id);
      expect(audits).toHaveLength(auditsBefore + 1);
      expect(audits.at(-1)).toMatchObject({
        action: `module.${action}`,
        metadata_json: { module_key: manifest.id, version: '1.0.0', state: { from, to } },
      });
    }
  });
});

describe('installModule', () => {
  it('installs the current version with a valid config, audited with the config keys only', async () => {
    const manifest = await register({
      configSchema: {
        type: 'object',
        properties: { greeting: { type: 'string', maxLength: 10 } },
        additionalProperties: false,
      },
    });
    const view = await install(manifest, 'A1', agencyAdminA(), { greeting: 'hi' });
    expect(view).toStrictEqual({
      workspace_id: ws('A1'),
      module_key: manifest.id,
      state: 'installed',
      version: '1.0.0',
      previous_version: null,
      config: { greeting: 'hi' },
      state_changed_at: expect.any(String),
      enabled_at: null,
    });
    expect(await auditActions(manifest.id)).toStrictEqual([
      {
        action: 'module.install',
        metadata_json: {
          module_key: manifest.id,
          version: '1.0.0',
          state: { from: 'none', to: 'installed' },
          config_keys: ['greeting'],
        },
      },
    ]);
  });

  it('refuses a config the configSchema refuses with its path, changing nothing', async () => {
    const manifest = await register({
      configSchema: {
        type: 'object',
        properties: { greeting: { type: 'string', maxLength: 3 } },
        additionalProperties: false,
      },
    });
    expect(
      await failure(install(manifest, 'A1', agencyAdminA(), { greeting: 'too long' })),
    ).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        issues: [{ path: 'body.config.greeting', message: 'must NOT have more than 3 characters' }],
      },
    });
    expect(await installation(manifest.id)).toBeNull();
  });

  it('answers MODULE_NOT_REGISTERED for an unknown key', async () => {
    const key = freshKey('absent');
    expect(
      await failure(
        installModule(test.db, {
          actor: agencyAdminA(),
          workspaceId: ws('A1'),
          moduleKey: key,
          correlationId: cid('x'),
        }),
      ),
    ).toStrictEqual({ code: 'MODULE_NOT_REGISTERED', details: { module_key: key } });
  });
});

describe('who may do what', () => {
  it("lets an agency admin and super manage a business's modules, whatever the policy", async () => {
    const manifest = await register();
    expect(await failure(install(manifest, 'A1', agencyAdminA()))).toBe('ok');
    expect(await failure(transition(enableModule, manifest, 'A1', superAdmin()))).toBe('ok');
  });

  it("refuses another agency's business with WORKSPACE_FORBIDDEN", async () => {
    const manifest = await register();
    expect(await failure(install(manifest, 'A1', agencyAdminB()))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: ws('A1') },
    });
    expect(await installation(manifest.id)).toBeNull();
  });

  it('refuses roles without the capability with PERMISSION_DENIED', async () => {
    const manifest = await register();
    expect(await failure(install(manifest, 'A1', agencyManagerA()))).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await failure(install(manifest, 'A', agencyUserA()))).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await failure(install(manifest, 'A1', businessUserA1()))).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await installation(manifest.id)).toBeNull();
  });

  it("holds a business's own admins and managers to the agency's policy", async () => {
    const manifest = await register();
    const agencyPolicy = (capability: string) => ({
      code: 'PERMISSION_DENIED',
      details: {
        required_permission: capability,
        reason: 'agency_policy',
        policy_workspace_id: ws('A'),
      },
    });
    expect(await failure(install(manifest, 'A1', businessAdminA1()))).toStrictEqual(
      agencyPolicy('modules.install'),
    );
    await install(manifest);
    expect(
      await failure(transition(enableModule, manifest, 'A1', businessManagerA1())),
    ).toStrictEqual(agencyPolicy('modules.enable'));
    expect((await installation(manifest.id))?.state).toBe('installed');

    await setPolicy('A', true);
    expect(await failure(transition(enableModule, manifest, 'A1', businessManagerA1()))).toBe('ok');
    expect(await failure(transition(disableModule, manifest, 'A1', businessManagerA1()))).toBe(
      'ok',
    );
    // A manager never holds modules.install, policy or not.
    expect(
      await failure(transition(uninstallModule, manifest, 'A1', businessManagerA1())),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await failure(transition(uninstallModule, manifest, 'A1', businessAdminA1()))).toBe(
      'ok',
    );
  });

  it('keeps the policy per agency: B allowing its businesses changes nothing for A1', async () => {
    const manifest = await register();
    await setPolicy('B', true);
    expect(await failure(install(manifest, 'A1', businessAdminA1()))).toMatchObject({
      details: { reason: 'agency_policy' },
    });
  });
});

describe('enableModule gates', () => {
  async function installed(options: Partial<Parameters<typeof testManifest>[0]>) {
    const manifest = await register(options);
    await install(manifest);
    return manifest;
  }
  async function health(key: string) {
    const { rows } = await test.admin.query(
      'select status, http_status, detail from public.module_target_health where module_key = $1',
      [key],
    );
    return rows;
  }

  it('enables on a healthy target, records the check and audits it', async () => {
    const manifest = await installed({});
    const view = await transition(enableModule, manifest);
    expect(view).toMatchObject({ state: 'enabled', enabled_at: expect.any(String) });
    expect(await health(manifest.id)).toStrictEqual([
      { status: 'healthy', http_status: 200, detail: 'answered 200' },
    ]);
    expect((await auditActions(manifest.id)).at(-1)).toStrictEqual({
      action: 'module.enable',
      metadata_json: {
        module_key: manifest.id,
        version: '1.0.0',
        state: { from: 'installed', to: 'enabled' },
        health: { status: 'healthy', http_status: 200, latency_ms: expect.any(Number) },
        paid: false,
        billing_state: null,
      },
    });
  });

  it.each([
    ['failing', { status: 'unhealthy', http_status: 500, detail: 'answered 500' }],
    ['slow', { status: 'unhealthy', http_status: null, detail: 'timed out after 300 ms' }],
    ['refused', { status: 'unhealthy', http_status: null, detail: 'connection refused' }],
  ] as const)(
    'refuses a %s target with MODULE_TARGET_UNHEALTHY, records what was seen, state unchanged',
    async (mode, seen) => {
      const manifest = await installed({
        baseUrl: mode === 'refused' ? targets.refusedBaseUrl : targets.baseUrl(mode),
        timeoutMs: 300,
      });
      expect(await failure(transition(enableModule, manifest))).toStrictEqual({
        code: 'MODULE_TARGET_UNHEALTHY',
        details: seen,
      });
      expect((await installation(manifest.id))?.state).toBe('installed');
      expect(await health(manifest.id)).toStrictEqual([seen]);
      expect((await auditActions(manifest.id)).map((row) => row.action)).toStrictEqual([
        'module.install',
      ]);
    },
  );

  it('does not ask a link-local (metadata) target outside local mode: refused as unhealthy, recorded (probe A-7)', async () => {
    const metadata = {
      status: 'unhealthy',
      http_status: null,
      detail: 'address not allowed (link-local)',
    };
    const manifest = await installed({ baseUrl: 'http://169.254.169.254/latest', timeoutMs: 200 });
    // The default rules are those outside local mode.
    expect(await failure(transition(enableModule, manifest))).toStrictEqual({
      code: 'MODULE_TARGET_UNHEALTHY',
      details: metadata,
    });
    expect((await installation(manifest.id))?.state).toBe('installed');
    expect(await health(manifest.id)).toStrictEqual([metadata]);
    expect(
      await checkModuleHealth(
        test.db,
        { actor: agencyAdminA(), moduleKey: manifest.id, workspaceId: ws('A1') },
        { allowAnyAddress: false },
      ),
    ).toMatchObject({ health: metadata });
    // Local mode asks it (nothing answers there on this machine: its own failure).
    const asked = await failure(
      enableModule(
        test.db,
        {
          actor: agencyAdminA(),
          workspaceId: ws('A1'),
          moduleKey: manifest.id,
          correlationId: cid('enable'),
        },
        { allowAnyAddress: true },
      ),
    );
    expect(asked).toMatchObject({ code: 'MODULE_TARGET_UNHEALTHY' });
    expect(asked !== 'ok' && asked.details.detail).not.toBe(metadata.detail);
    expect((await auditActions(manifest.id)).map((row) => row.action)).toStrictEqual([
      'module.install',
    ]);
  });

  it.each([
    ['A1', 'active', 'ok'],
    ['A1', 'past_due', 'ok'],
    ['A', 'active', 'ok'],
    ['A1', 'grace', { code: 'BILLING_SUSPENDED', reason: 'grace' }],
    ['A1', 'suspended', { code: 'BILLING_SUSPENDED', reason: 'suspended' }],
    ['A', 'suspended', { code: 'BILLING_SUSPENDED', reason: 'suspended' }],
    ['A1', 'canceled', { code: 'BILLING_REQUIRED', reason: 'canceled' }],
    [null, null, { code: 'BILLING_REQUIRED', reason: 'no_account' }],
  ] as const)(
    'a paid module with the account of %s in state %s: %j',
    async (owner, status, expected) => {
      if (owner !== null) {
        await test.admin.query(
          `insert into public.billing_accounts (workspace_id, status, grace_ends_at) values ($1, $2, $3)`,
          [ws(owner), status, status === 'grace' ? new Date(Date.now() + 86_400_000) : null],
        );
      }
      const manifest = await installed({ paid: true });
      const outcome = await failure(transition(enableModule, manifest));
      if (expected === 'ok') {
        expect(outcome).toBe('ok');
        expect((await auditActions(manifest.id)).at(-1)?.metadata_json).toMatchObject({
          paid: true,
          billing_state: status,
        });
      } else {
        expect(outcome).toStrictEqual({
          code: expected.code,
          details: {
            state: status ?? 'none',
            source_workspace_id: owner === null ? null : ws(owner),
            reason: expected.reason,
          },
        });
        expect((await installation(manifest.id))?.state).toBe('installed');
        // Refused before the target is asked.
        expect(await health(manifest.id)).toStrictEqual([]);
      }
    },
  );

  it('lets a free module be enabled without any billing account', async () => {
    const manifest = await installed({ paid: false });
    expect(await failure(transition(enableModule, manifest))).toBe('ok');
  });

  it('serialises concurrent moves of one installation: one wins, the other is a CONFLICT, never a 500', async () => {
    const manifest = await installed({});
    const outcomes = await Promise.all([
      failure(transition(enableModule, manifest)),
      failure(transition(enableModule, manifest, 'A1', superAdmin())),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toStrictEqual([
      { code: 'CONFLICT', details: { from: 'enabled', action: 'enable' } },
    ]);
  });

  it('holds no row lock while the target is asked: a concurrent disable or uninstall answers at once', async () => {
    // The stand-in's held target answers only when released, within this manifest's 10 s
    // timeout: "while the target is asked" is a state here, not a time a loaded machine stretches.
    const startHeldEnable = async (manifest: ModuleManifest) => {
      const hitsBefore = targets.hits.held;
      let settled = false;
      const enable = failure(transition(enableModule, manifest)).finally(() => {
        settled = true;
      });
      // The enable is past its first transaction once the target has the request.
      await expect
        .poll(() => targets.hits.held, { timeout: 15_000, interval: 10 })
        .toBe(hitsBefore + 1);
      // Wrapped: an async function returning the promise itself would wait for it.
      return { enable, settled: () => settled };
    };

    // installed: a disable is refused by the table at once; the enable then succeeds.
    const first = await installed({ baseUrl: targets.baseUrl('held'), timeoutMs: 10_000 });
    const firstEnable = await startHeldEnable(first);
    const disable = await failure(transition(disableModule, first));
    // Answered while the target still holds the enable: the disable did not wait for its lock.
    expect(firstEnable.settled()).toBe(false);
    targets.release();
    const enabled = await firstEnable.enable;
    expect({ disable, enable: enabled }).toStrictEqual({
      disable: { code: 'CONFLICT', details: { from: 'installed', action: 'disable' } },
      enable: 'ok',
    });
    expect((await installation(first.id))?.state).toBe('enabled');

    // installed: an uninstall goes through meanwhile; the enable then sees it under its lock.
    const second = await installed({ baseUrl: targets.baseUrl('held'), timeoutMs: 10_000 });
    const secondEnable = await startHeldEnable(second);
    const uninstall = await failure(transition(uninstallModule, second));
    expect(secondEnable.settled()).toBe(false);
    targets.release();
    const refused = await secondEnable.enable;
    expect({ uninstall, enable: refused }).toStrictEqual({
      uninstall: 'ok',
      enable: { code: 'CONFLICT', details: { from: 'uninstalled', action: 'enable' } },
    });
    expect((await installation(second.id))?.state).toBe('uninstalled');
    // The check is recorded all the same; only the uninstall is audited after the install.
    expect(await health(second.id)).toStrictEqual([
      { status: 'healthy', http_status: 200, detail: 'answered 200' },
    ]);
    expect((await auditActions(second.id)).map((row) => row.action)).toStrictEqual([
      'module.install',
      'module.uninstall',
    ]);
  });

  it('refuses the enable when an upgrade moved the installed version while its target was asked', async () => {
    // The held target answers when released: the upgrade lands while it is asked, however
    // long the upgrade takes on a loaded machine.
    const v1 = await installed({ baseUrl: targets.baseUrl('held'), timeoutMs: 10_000 });
    const v2 = await register({
      key: v1.id,
      version: '2.0.0',
      baseUrl: targets.baseUrl('held'),
      timeoutMs: 10_000,
    });
    const hitsBefore = targets.hits.held;
    const enable = failure(transition(enableModule, v2));
    await expect
      .poll(() => targets.hits.held, { timeout: 15_000, interval: 10 })
      .toBe(hitsBefore + 1);
    const upgraded = await upgradeInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: v1.id,
      toVersion: '2.0.0',
      correlationId: cid('upgrade'),
    });
    expect(upgraded).toMatchObject({ state: 'installed', version: '2.0.0' });
    targets.release();
    expect(await enable).toStrictEqual({
      code: 'CONFLICT',
      details: {
        from: 'installed',
        action: 'enable',
        reason: 'version_changed',
        checked_version: '1.0.0',
        version: '2.0.0',
      },
    });
    expect((await installation(v1.id))?.state).toBe('installed');
  });

  it('serialises two first installs of one module in one workspace', async () => {
    const manifest = await register();
    const outcomes = await Promise.all([
      failure(install(manifest)),
      failure(install(manifest, 'A1', superAdmin())),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toStrictEqual([
      { code: 'CONFLICT', details: { from: 'installed', action: 'install' } },
    ]);
  });
});

describe('checkModuleHealth', () => {
  it('checks the installed version and answers an unhealthy target as a result', async () => {
    const manifest = await register({ baseUrl: targets.baseUrl('failing') });
    const result = await checkModuleHealth(test.db, {
      actor: agencyAdminA(),
      moduleKey: manifest.id,
      workspaceId: ws('A1'),
    });
    expect(result).toStrictEqual({
      module_key: manifest.id,
      version: '1.0.0',
      health: {
        status: 'unhealthy',
        checked_at: expect.any(String),
        http_status: 500,
        latency_ms: expect.any(Number),
        detail: 'answered 500',
        breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
      },
    });
    expect(
      await failure(
        checkModuleHealth(test.db, { actor: businessUserA1(), moduleKey: manifest.id }),
      ),
    ).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.enable' },
    });
  });
  it("holds a business's own admins and managers to the agency's policy, as enable does", async () => {
    const manifest = await register();
    const check = (who = businessManagerA1()) =>
      checkModuleHealth(test.db, { actor: who, moduleKey: manifest.id, workspaceId: ws('A1') });
    const health = () =>
      test.admin.query('select 1 from public.module_target_health where module_key = $1', [
        manifest.id,
      ]);
    for (const who of [businessManagerA1(), businessAdminA1()]) {
      expect(await failure(check(who))).toStrictEqual({
        code: 'PERMISSION_DENIED',
        details: {
          required_permission: 'modules.enable',
          reason: 'agency_policy',
          policy_workspace_id: ws('A'),
        },
      });
    }
    // Nothing was asked or recorded.
    expect((await health()).rowCount).toBe(0);
    expect(await failure(check(agencyManagerA()))).toBe('ok');
    await setPolicy('A', true);
    expect(await failure(check())).toBe('ok');
    expect(await failure(check(agencyAdminB()))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: ws('A1') },
    });
  });
});

describe('upgrade and rollback', () => {
  it('shows the diff, needs consent when it grants more, keeps the state, and rolls back', async () => {
    const key = freshKey('upg');
    const v1 = await register({ key, emits: [`${key}.item.created`] });
    await install(v1);
    await transition(enableModule, v1);
    const v2 = await register({
      key,
      version: '1.1.0',
      permissions: [`${key}.items.create`],
      emits: [],
      adminPages: { '/settings': 'admin' },
    });
    const diff = await previewUpgrade(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
    });
    expect(diff).toStrictEqual({
      module_key: key,
      workspace_id: ws('A1'),
      from_version: '1.0.0',
      to_version: '1.1.0',
      permissions: { added: [`${key}.items.create`], removed: [] },
      events_emitted: { added: [], removed: [`${key}.item.created`] },
      events_consumed: { added: [], removed: [] },
      api_routes: { added: [], removed: [] },
      pages: { added: [{ layer: 'admin', path: '/settings', minimum_role: 'admin' }], removed: [] },
      shared_entities: { added: [], removed: [] },
      capabilities: { added: [], removed: [] },
      site_capabilities: { added: [], removed: [] },
      paid: null,
      target: null,
      frontend_entry_url: null,
      config_schema: { changed: false, issues: [] },
      grants_more: true,
    });
    const upgrade = (consent?: boolean) =>
      upgradeInstallation(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
        toVersion: '1.1.0',
        consent,
        correlationId: cid('upgrade'),
      });
    expect(await failure(upgrade())).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'consent_required', diff },
    });
    expect(await installation(key)).toMatchObject({
      module_version: '1.0.0',
      previous_version: null,
    });
    expect(await upgrade(true)).toMatchObject({
      state: 'enabled',
      version: '1.1.0',
      previous_version: '1.0.0',
    });
    expect(await failure(upgrade(true))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'up_to_date', version: '1.1.0' },
    });
    expect(v2.version).toBe('1.1.0');

    const rollback = () => transition(rollbackInstallation, v1);
    expect(await rollback()).toMatchObject({
      state: 'enabled',
      version: '1.0.0',
      previous_version: null,
    });
    expect((await auditActions(key)).slice(-2)).toStrictEqual([
      {
        action: 'module.upgrade',
        metadata_json: {
          module_key: key,
          version: { from: '1.0.0', to: '1.1.0' },
          grants_more: true,
          consent: true,
          added_permissions: [`${key}.items.create`],
        },
      },
      {
        action: 'module.installation_rollback',
        metadata_json: { module_key: key, version: { from: '1.1.0', to: '1.0.0' } },
      },
    ]);
  });

  describe('the permission diff covers everything that grants more', () => {
    async function diffFor(change: (manifest: ModuleManifest) => ModuleManifest) {
      const key = freshKey('diff');
      const v1 = await register({ key });
      await install(v1);
      const v2 = change(
        testManifest({ key, version: '2.0.0', baseUrl: targets.baseUrl('healthy') }),
      );
      await registerTestModule(test.db, superAdmin(), v2);
      const diff = await previewUpgrade(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
      });
      return { key, diff };
    }
    const none = { added: [], removed: [] };

    it.each([
      [
        'sharedEntities',
        (m: ModuleManifest): ModuleManifest => ({ ...m, sharedEntities: ['users'] }),
        { shared_entities: { added: ['users'], removed: [] } },
      ],
      [
        'capabilities',
        (m: ModuleManifest): ModuleManifest => ({ ...m, capabilities: ['notifications'] }),
        { capabilities: { added: ['notifications'], removed: [] } },
      ],
      [
        'site capabilities',
        (m: ModuleManifest): ModuleManifest => ({
          ...m,
          site: { ...m.site, requiredSiteCapabilities: ['site-section'] },
        }),
        { site_capabilities: { added: ['site-section'], removed: [] } },
      ],
      [
        'paid',
        (m: ModuleManifest): ModuleManifest => ({ ...m, paid: true }),
        { paid: { from: false, to: true } },
      ],
      [
        'the target',
        (m: ModuleManifest): ModuleManifest => ({
          ...m,
          runtime: {
            ...m.runtime,
            target: { ...m.runtime.target, baseUrl: 'http://elsewhere.example:8080' },
          },
        }),
        // Read when the test runs: the stand-in starts in setupModulesDatabase's beforeAll.
        () => ({
          target: {
            from: { base_url: targets.baseUrl('healthy'), health_path: '/health' },
            to: { base_url: 'http://elsewhere.example:8080', health_path: '/health' },
          },
        }),
      ],
      [
        'the frontend',
        (m: ModuleManifest): ModuleManifest => ({
          ...m,
          frontend: { entryUrl: 'https://ui.example.com/app' },
        }),
        { frontend_entry_url: { from: null, to: 'https://ui.example.com/app' } },
      ],
    ] as const)('adding %s grants more and needs consent', async (_what, change, expected) => {
      const { key, diff } = await diffFor(change);
      expect(diff).toStrictEqual({
        module_key: key,
        workspace_id: ws('A1'),
        from_version: '1.0.0',
        to_version: '2.0.0',
        permissions: none,
        events_emitted: none,
        events_consumed: none,
        api_routes: none,
        pages: none,
        shared_entities: none,
        capabilities: none,
        site_capabilities: none,
        paid: null,
        target: null,
        frontend_entry_url: null,
        config_schema: { changed: false, issues: [] },
        ...(typeof expected === 'function' ? expected() : expected),
        grants_more: true,
      });
      const upgrade = (consent?: boolean) =>
        upgradeInstallation(test.db, {
          actor: agencyAdminA(),
          workspaceId: ws('A1'),
          moduleKey: key,
          toVersion: '2.0.0',
          consent,
          correlationId: cid('upgrade'),
        });
      expect(await failure(upgrade())).toStrictEqual({
        code: 'CONFLICT',
        details: { reason: 'consent_required', diff },
      });
      expect((await installation(key))?.module_version).toBe('1.0.0');
    });

    it('a page opened to a lower role (owner to member) grants more; raised, it is listed too', async () => {
      const key = freshKey('diff');
      await install(
        await register({ key, adminPages: { '/danger': 'owner', '/audit': 'member' } }),
      );
      await register({
        key,
        version: '2.0.0',
        adminPages: { '/danger': 'member', '/audit': 'admin' },
      });
      const diff = await previewUpgrade(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
      });
      expect(diff.pages).toStrictEqual({
        added: [
          { layer: 'admin', path: '/danger', minimum_role: 'member' },
          { layer: 'admin', path: '/audit', minimum_role: 'admin' },
        ],
        removed: [
          { layer: 'admin', path: '/danger', minimum_role: 'owner' },
          { layer: 'admin', path: '/audit', minimum_role: 'member' },
        ],
      });
      expect(diff.grants_more).toBe(true);
    });

    it('going free or removing shared entities grants nothing more', async () => {
      const key = freshKey('diff');
      await install(await register({ key, paid: true }));
      await registerTestModule(
        test.db,
        superAdmin(),
        testManifest({ key, version: '2.0.0', baseUrl: targets.baseUrl('healthy') }),
      );
      const diff = await previewUpgrade(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
      });
      expect(diff).toMatchObject({ paid: { from: true, to: false }, grants_more: false });
    });

    it('refuses an upgrade whose configSchema the current config fails, naming the paths', async () => {
      const { key, diff } = await diffFor((m) => ({
        ...m,
        configSchema: {
          type: 'object',
          properties: { region: { type: 'string' } },
          required: ['region'],
        },
      }));
      expect(diff.config_schema).toStrictEqual({
        changed: true,
        issues: [{ path: 'body.config', message: expect.stringContaining('region') }],
      });
      expect(diff.grants_more).toBe(false);
      expect(
        await failure(
          upgradeInstallation(test.db, {
            actor: agencyAdminA(),
            workspaceId: ws('A1'),
            moduleKey: key,
            toVersion: '2.0.0',
            consent: true,
            correlationId: cid('upgrade'),
          }),
        ),
      ).toStrictEqual({
        code: 'VALIDATION_BLOCKING',
        details: { issues: diff.config_schema.issues },
      });
      expect((await installation(key))?.module_version).toBe('1.0.0');
    });
  });

  it('upgrades without consent when nothing is added', async () => {
    const key = freshKey('upg');
    const v1 = await register({ key, permissions: [`${key}.items.create`] });
    await install(v1);
    await register({ key, version: '2.0.0' });
    expect(
      await upgradeInstallation(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
        toVersion: '2.0.0',
        correlationId: cid('u'),
      }),
    ).toMatchObject({ state: 'installed', version: '2.0.0', previous_version: '1.0.0' });
  });

  it('upgrades only to the version previewed: another registered meanwhile is version_changed, nothing changed', async () => {
    const key = freshKey('seen');
    const v1 = await register({ key });
    await install(v1);
    await register({ key, version: '1.1.0', permissions: [`${key}.items.create`] });
    const seen = await previewUpgrade(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
    });
    expect(seen.to_version).toBe('1.1.0');
    // Registered after the preview: more than the consent covered.
    await registerTestModule(test.db, superAdmin(), {
      ...testManifest({ key, version: '2.0.0', baseUrl: targets.baseUrl('healthy') }),
      sharedEntities: ['contacts'],
    });
    const before = await auditActions(key);
    const upgrade = (toVersion: string) =>
      upgradeInstallation(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
        toVersion,
        consent: true,
        correlationId: cid('upgrade'),
      });
    expect(await failure(upgrade(seen.to_version))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'version_changed', to_version: '1.1.0', current_version: '2.0.0' },
    });
    expect(await installation(key)).toMatchObject({
      module_version: '1.0.0',
      previous_version: null,
    });
    expect(await auditActions(key)).toStrictEqual(before);
    expect(await upgrade('2.0.0')).toMatchObject({ version: '2.0.0', previous_version: '1.0.0' });
  });

  it('rolls back only once and only back: forward again is an upgrade, which respects a registry rollback (probe A-4)', async () => {
    const key = freshKey('once');
    const v1 = await register({ key });
    await install(v1);
    await transition(enableModule, v1);
    await register({ key, version: '1.1.0', permissions: [`${key}.items.create`] });
    const upgrade = (consent?: boolean) =>
      upgradeInstallation(test.db, {
        actor: agencyAdminA(),
        workspaceId: ws('A1'),
        moduleKey: key,
        toVersion: '1.1.0',
        consent,
        correlationId: cid('upgrade'),
      });
    const rollback = () => transition(rollbackInstallation, v1);
    expect(await upgrade(true)).toMatchObject({ version: '1.1.0', previous_version: '1.0.0' });
    expect(await rollback()).toMatchObject({
      state: 'enabled',
      version: '1.0.0',
      previous_version: null,
    });
    // The second rollback does not move forward to 1.1.0.
    expect(await failure(rollback())).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'no_previous_version', version: '1.0.0' },
    });
    expect(await installation(key)).toMatchObject({
      state: 'enabled',
      module_version: '1.0.0',
      previous_version: null,
    });
    // Forward is an upgrade, with its consent rule.
    expect(await failure(upgrade())).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'consent_required' },
    });
    // The platform withdraws 1.1.0: there is nothing to move forward to.
    await rollbackRegistry(test.db, superAdmin(), { moduleKey: key, correlationId: cid('reg') });
    expect(await failure(upgrade(true))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'up_to_date', version: '1.0.0' },
    });
    expect(await failure(rollback())).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'no_previous_version' },
    });
    expect((await auditActions(key)).map((row) => row.action)).toStrictEqual([
      'module.install',
      'module.enable',
      'module.upgrade',
      'module.installation_rollback',
    ]);
  });

  it('refuses rolling forward to a recorded previous version that is not older (a row the old swap left), changing nothing', async () => {
    const key = freshKey('fwd');
    const v1 = await register({ key });
    await install(v1);
    await register({ key, version: '1.1.0' });
    // What the rollback of before this fix left: 1.0.0 installed, 1.1.0 as "previous".
    await test.admin.query(
      `update public.module_installations set previous_version = '1.1.0'
        where workspace_id = $1 and module_key = $2`,
      [ws('A1'), key],
    );
    const before = await auditActions(key);
    expect(await failure(transition(rollbackInstallation, v1))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'not_older', version: '1.0.0', previous_version: '1.1.0' },
    });
    expect(await installation(key)).toMatchObject({
      state: 'installed',
      module_version: '1.0.0',
      previous_version: '1.1.0',
    });
    expect(await auditActions(key)).toStrictEqual(before);
  });

  it('refuses a rollback without a previous version, and an upgrade of a module not installed', async () => {
    const manifest = await register();
    await install(manifest);
    expect(await failure(transition(rollbackInstallation, manifest))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'no_previous_version', version: '1.0.0' },
    });
    const other = await register();
    expect(
      await failure(
        previewUpgrade(test.db, {
          actor: agencyAdminA(),
          workspaceId: ws('A1'),
          moduleKey: other.id,
        }),
      ),
    ).toStrictEqual({ code: 'CONFLICT', details: { from: 'none', action: 'upgrade' } });
  });
});

describe('upgrade and rollback of an enabled installation pass the enable gates', () => {
  const upgrade = (key: string) =>
    upgradeInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      toVersion: '2.0.0',
      consent: true,
      correlationId: cid('upgrade'),
    });
  const rollback = (key: string) =>
    rollbackInstallation(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      moduleKey: key,
      correlationId: cid('rollback'),
    });
  async function healthOf(key: string, version: string) {
    const { rows } = await test.admin.query(
      'select status, http_status, detail from public.module_target_health where module_key = $1 and version = $2',
      [key, version],
    );
    return rows;
  }
  async function enabledAt1(options: Partial<Parameters<typeof testManifest>[0]> = {}) {
    const key = freshKey('gate');
    const v1 = await register({ key, ...options });
    await install(v1);
    await transition(enableModule, v1);
    return key;
  }
  const account = (status: string) =>
    test.admin.query('insert into public.billing_accounts (workspace_id, status) values ($1, $2)', [
      ws('A1'),
      status,
    ]);

  it('refuses upgrading an enabled free module to a paid version without an account, changing nothing', async () => {
    const key = await enabledAt1();
    await register({ key, version: '2.0.0', paid: true });
    const before = await auditActions(key);
    expect(await failure(upgrade(key))).toStrictEqual({
      code: 'BILLING_REQUIRED',
      details: { state: 'none', source_workspace_id: null, reason: 'no_account' },
    });
    expect(await installation(key)).toMatchObject({
      state: 'enabled',
      module_version: '1.0.0',
      previous_version: null,
    });
    expect(await auditActions(key)).toStrictEqual(before);
    // Refused before the target is asked.
    expect(await healthOf(key, '2.0.0')).toStrictEqual([]);
  });

  it.each([
    ['suspended', { code: 'BILLING_SUSPENDED', reason: 'suspended' }],
    ['canceled', { code: 'BILLING_REQUIRED', reason: 'canceled' }],
    ['active', 'ok'],
  ] as const)(
    'upgrades an enabled module to a paid version with an account %s: %j',
    async (status, expected) => {
      const key = await enabledAt1();
      await register({ key, version: '2.0.0', paid: true });
      await account(status);
      const outcome = await failure(upgrade(key));
      if (expected === 'ok') {
        expect(outcome).toBe('ok');
        expect(await installation(key)).toMatchObject({
          state: 'enabled',
          module_version: '2.0.0',
        });
        expect(await healthOf(key, '2.0.0')).toStrictEqual([
          { status: 'healthy', http_status: 200, detail: 'answered 200' },
        ]);
      } else {
        expect(outcome).toStrictEqual({
          code: expected.code,
          details: { state: status, source_workspace_id: ws('A1'), reason: expected.reason },
        });
        expect(await installation(key)).toMatchObject({
          state: 'enabled',
          module_version: '1.0.0',
        });
      }
    },
  );

  it('refuses upgrading an enabled module to a version whose target is unhealthy, recording the check', async () => {
    const key = await enabledAt1();
    await register({ key, version: '2.0.0', baseUrl: targets.baseUrl('failing') });
    expect(await failure(upgrade(key))).toStrictEqual({
      code: 'MODULE_TARGET_UNHEALTHY',
      details: { status: 'unhealthy', http_status: 500, detail: 'answered 500' },
    });
    expect(await installation(key)).toMatchObject({
      state: 'enabled',
      module_version: '1.0.0',
      previous_version: null,
    });
    expect(await healthOf(key, '2.0.0')).toStrictEqual([
      { status: 'unhealthy', http_status: 500, detail: 'answered 500' },
    ]);
    expect((await auditActions(key)).map((row) => row.action)).toStrictEqual([
      'module.install',
      'module.enable',
    ]);
  });

  it('upgrades an installed or disabled module without asking the target or reading billing', async () => {
    const key = freshKey('gate');
    const v1 = await register({ key });
    await install(v1);
    await register({ key, version: '2.0.0', paid: true, baseUrl: targets.baseUrl('failing') });
    expect(await upgrade(key)).toMatchObject({ state: 'installed', version: '2.0.0' });
    expect(await healthOf(key, '2.0.0')).toStrictEqual([]);
    // The gates come with enable.
    expect(await failure(transition(enableModule, v1))).toMatchObject({ code: 'BILLING_REQUIRED' });

    const other = await enabledAt1();
    await transition(disableModule, { id: other } as ModuleManifest);
    await register({
      key: other,
      version: '2.0.0',
      paid: true,
      baseUrl: targets.baseUrl('failing'),
    });
    expect(await upgrade(other)).toMatchObject({ state: 'disabled', version: '2.0.0' });
    expect(await healthOf(other, '2.0.0')).toStrictEqual([]);
  });

  it('refuses rolling an enabled module back to a paid version the account no longer allows, or to a dead target', async () => {
    await account('active');
    const key = await enabledAt1({ paid: true });
    await register({ key, version: '2.0.0' });
    expect(await upgrade(key)).toMatchObject({ state: 'enabled', version: '2.0.0' });
    await test.admin.query(
      'update public.billing_accounts set status = $2 where workspace_id = $1',
      [ws('A1'), 'canceled'],
    );
    expect(await failure(rollback(key))).toStrictEqual({
      code: 'BILLING_REQUIRED',
      details: { state: 'canceled', source_workspace_id: ws('A1'), reason: 'canceled' },
    });
    expect(await installation(key)).toMatchObject({
      state: 'enabled',
      module_version: '2.0.0',
      previous_version: '1.0.0',
    });

    // 1.0.0's target is dead; installed (not enabled) it upgrades, is enabled at 2.0.0, and the
    // rollback to 1.0.0 is refused.
    const dead = freshKey('gate');
    const d1 = await register({ key: dead, baseUrl: targets.baseUrl('failing') });
    await install(d1);
    await register({ key: dead, version: '2.0.0' });
    await upgrade(dead);
    await transition(enableModule, d1);
    expect(await failure(rollback(dead))).toStrictEqual({
      code: 'MODULE_TARGET_UNHEALTHY',
      details: { status: 'unhealthy', http_status: 500, detail: 'answered 500' },
    });
    expect(await installation(dead)).toMatchObject({
      state: 'enabled',
      module_version: '2.0.0',
      previous_version: '1.0.0',
    });
    await transition(disableModule, d1);
    expect(await rollback(dead)).toMatchObject({ state: 'disabled', version: '1.0.0' });
  });
});

describe('listAvailableModules', () => {
  it('shows every registered module to managers, the enabled ones with navigation by role', async () => {
    const enabled = await register({ adminPages: { '/settings': 'admin', '/danger': 'owner' } });
    await install(enabled);
    await transition(enableModule, enabled);
    const other = await register();

    const forAdmin = await listAvailableModules(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
    });
    const item = forAdmin.items.find((entry) => entry.module_key === enabled.id);
    expect(item).toStrictEqual({
      module_key: enabled.id,
      name: enabled.name,
      description: enabled.description,
      state: 'enabled',
      version: '1.0.0',
      previous_version: null,
      current_version: '1.0.0',
      upgrade_available: false,
      paid: false,
      config_schema: { type: 'object' },
      health: {
        status: 'healthy',
        checked_at: expect.any(String),
        http_status: 200,
        latency_ms: expect.any(Number),
        detail: 'answered 200',
        breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
      },
      token_permissions: [],
      requestable_permissions: [`${enabled.id}.items.read`],
      navigation: [
        {
          label: `Module ${enabled.id}`,
          path: `/w/${ws('A1')}/m/${enabled.id}`,
          icon: 'box',
          order: 100,
        },
        {
          label: `${enabled.id} settings`,
          path: `/w/${ws('A1')}/m/${enabled.id}/settings`,
          icon: 'box',
          order: 101,
        },
        {
          label: `${enabled.id} danger`,
          path: `/w/${ws('A1')}/m/${enabled.id}/danger`,
          icon: 'box',
          order: 102,
        },
      ],
      blocked_by: null,
    });
    expect(forAdmin.items.find((entry) => entry.module_key === other.id)).toMatchObject({
      state: 'not_installed',
      version: null,
      navigation: [],
      health: { status: 'unknown', checked_at: null },
    });

    const nav = async (who: ReturnType<typeof agencyAdminA>) =>
      (await listAvailableModules(test.db, { actor: who, workspaceId: ws('A1') })).items
        .find((entry) => entry.module_key === enabled.id)
        ?.navigation.map((entry) => entry.label);
    expect(await nav(businessManagerA1())).toStrictEqual([
      `Module ${enabled.id}`,
      `${enabled.id} settings`,
    ]);
    expect(await nav(businessUserA1())).toStrictEqual([`Module ${enabled.id}`]);

    const forUser = await listAvailableModules(test.db, {
      actor: businessUserA1(),
      workspaceId: ws('A1'),
    });
    expect(forUser.items.every((entry) => entry.state === 'enabled')).toBe(true);
    expect(forUser.items.some((entry) => entry.module_key === other.id)).toBe(false);

    await transition(disableModule, enabled);
    expect(await nav(businessUserA1())).toBeUndefined();
    expect(await nav(agencyAdminA())).toStrictEqual([]);
  });

  it("refuses another tenant's workspace", async () => {
    expect(
      await failure(
        listAvailableModules(test.db, { actor: agencyAdminB(), workspaceId: ws('A1') }),
      ),
    ).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: ws('A1') },
    });
  });
});

describe('module policies', () => {
  it('is read by the agency and its businesses, set by its admin, audited on change', async () => {
    expect(
      await readModulePolicy(test.db, { actor: businessUserA1(), workspaceId: ws('A1') }),
    ).toStrictEqual({
      agency_workspace_id: ws('A'),
      businesses_may_manage: false,
      updated_at: null,
    });
    const set = (
      who: ReturnType<typeof agencyAdminA>,
      workspace: TenantWorkspaceKey,
      allow: boolean,
    ) =>
      updateModulePolicy(test.db, {
        actor: who,
        agencyWorkspaceId: ws(workspace),
        businessesMayManage: allow,
        correlationId: cid('policy'),
      });
    expect(await set(agencyAdminA(), 'A', false)).toStrictEqual({
      agency_workspace_id: ws('A'),
      businesses_may_manage: false,
      updated_at: null,
    });
    expect(await set(agencyAdminA(), 'A', true)).toStrictEqual({
      agency_workspace_id: ws('A'),
      businesses_may_manage: true,
      updated_at: expect.any(String),
    });
    expect(
      await readModulePolicy(test.db, { actor: businessUserA1(), workspaceId: ws('A1') }),
    ).toMatchObject({
      businesses_may_manage: true,
    });
    const { rows } = await test.admin.query(
      `select action, metadata_json - 'people' as metadata_json from public.audit_logs
        where target_type = 'module_policy' and target_id = $1`,
      [ws('A')],
    );
    expect(rows).toStrictEqual([
      {
        action: 'module.policy_update',
        metadata_json: { businesses_may_manage: { from: false, to: true } },
      },
    ]);
    expect(await failure(set(agencyManagerA(), 'A', false))).toStrictEqual({
      code: 'PERMISSION_DENIED',
      details: { required_permission: 'modules.install' },
    });
    expect(await failure(set(businessAdminA1(), 'A', true))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: ws('A') },
    });
    expect(await failure(set(agencyAdminB(), 'A', false))).toStrictEqual({
      code: 'WORKSPACE_FORBIDDEN',
      details: { workspace_id: ws('A') },
    });
    expect(await failure(set(agencyAdminA(), 'A1', true))).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: { issues: [{ path: 'body.workspace_id', message: 'Must be an agency workspace' }] },
    });
  });
});
