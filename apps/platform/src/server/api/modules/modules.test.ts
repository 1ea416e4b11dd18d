import {
  startHealthStandIn,
  testManifest,
  type HealthStandIn,
  type TestManifestOptions,
} from '@aiconnected/modules/testing';
import type {
  IssuedCredentials,
  ModuleAvailabilityList,
  ModuleInstallationStateView,
  ModuleManifest,
  ModulePermissionDiff,
} from '@aiconnected/sdk-contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MODULE_HEALTH_CHECKS_PER_10_MINUTES } from '@/server/api/guard/rate-limits';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
  type TreeKey,
} from '@aiconnected/platform/testing';

// The per-workspace module endpoints (PRD §19, §20.3) on real Postgres: modules registered
// through POST /modules/import as super, targets stood in on loopback (healthy, 500, slow,
// refused), billing_accounts rows as the Stripe reconciliation leaves them. Allowed and
// denied for every endpoint, whole envelopes, the database unchanged on a refusal.

const { setup, ws, member, call } = setupRoleTreeApiTest();
let targets: HealthStandIn;

beforeAll(async () => {
  targets = await startHealthStandIn();
});
afterAll(async () => {
  await targets.close();
});
beforeEach(async () => {
  await setup.database.admin.query('delete from public.module_policies');
  await setup.database.admin.query('delete from public.billing_accounts');
});

const id = (key: TreeKey) => ws(key).id;
const freshKey = () => `mod-${randomUUID().slice(0, 8)}`;

/** The tables (`snapshotTables`, module tables included) and the registry, comparable. */
async function snapshot(): Promise<Record<string, string>> {
  const { rows } = await setup.database.admin.query<{ registry: string }>(
    `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as registry
       from public.module_registry t`,
  );
  return { ...(await snapshotTables(setup.database)), ...rows[0] };
}

/** `snapshot()` without the health checks (a refused enable still records what it saw). */
async function snapshotButHealth() {
  const { module_target_health: _checks, ...rest } = await snapshot();
  return rest;
}

async function register(options: Partial<TestManifestOptions> = {}): Promise<ModuleManifest> {
  const manifest = testManifest({
    key: options.key ?? freshKey(),
    baseUrl: targets.baseUrl('healthy'),
    ...options,
  });
  const response = await call('S.super_admin', 'POST', '/modules/import', { manifest });
  expect(response.status, await response.clone().text()).toBe(201);
  return manifest;
}

async function ok<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

const install = (who: MemberLabel, key: string, workspace: TreeKey = 'A1', config?: unknown) =>
  call(who, 'POST', `/modules/${key}/install`, {
    workspace_id: id(workspace),
    ...(config === undefined ? {} : { config }),
  });
const enable = (who: MemberLabel, key: string, workspace: TreeKey = 'A1') =>
  call(who, 'POST', `/modules/${key}/enable`, { workspace_id: id(workspace) });
const disable = (who: MemberLabel, key: string, workspace: TreeKey = 'A1') =>
  call(who, 'POST', `/modules/${key}/disable`, { workspace_id: id(workspace) });
const uninstall = (who: MemberLabel, key: string, workspace: TreeKey = 'A1') =>
  call(who, 'DELETE', `/modules/${key}/uninstall?workspace_id=${id(workspace)}`);
const available = (who: MemberLabel, workspace: TreeKey = 'A1') =>
  call(who, 'GET', `/modules/available?workspace_id=${id(workspace)}`);

describe('module-absent mode (an empty registry)', () => {
  // First in the file: nothing is registered yet.
  it('answers GET /modules/available with no items, and the transitions with MODULE_NOT_REGISTERED', async () => {
    expect(await ok(await available('A.agency_admin'))).toStrictEqual({
      workspace_id: id('A1'),
      items: [],
    });
    expect(await ok(await available('A1.business_user'))).toStrictEqual({
      workspace_id: id('A1'),
      items: [],
    });
    const before = await snapshot();
    await expectError(await enable('A.agency_admin', 'x'), 'MODULE_NOT_REGISTERED', {
      module_key: 'x',
    });
    await expectError(await install('A.agency_admin', 'hello'), 'MODULE_NOT_REGISTERED', {
      module_key: 'hello',
    });
    await expectError(await disable('A.agency_admin', 'hello'), 'MODULE_NOT_REGISTERED', {
      module_key: 'hello',
    });
    await expectError(await uninstall('A.agency_admin', 'hello'), 'MODULE_NOT_REGISTERED', {
      module_key: 'hello',
    });
    expect(await snapshot()).toStrictEqual(before);
  });
});

describe('install, enable, navigation, disable, uninstall', () => {
  it('runs the lifecycle for a business as its agency admin; the business user sees the navigation only while enabled', async () => {
    const manifest = await register({ adminPages: { '/settings': 'admin' } });
    const key = manifest.id;
    const installed = await install('A.agency_admin', key, 'A1', { any: 'value' });
    const secret = {
      id: expect.any(String),
      prefix: expect.any(String),
      secret: expect.any(String),
    };
    const view = await ok<ModuleInstallationStateView & { credentials: IssuedCredentials }>(
      installed,
    );
    expect(view).toStrictEqual({
      workspace_id: id('A1'),
      module_key: key,
      state: 'installed',
      version: '1.0.0',
      previous_version: null,
      config: { any: 'value' },
      state_changed_at: expect.any(String),
      enabled_at: null,
      // The installation's first credentials (module-credentials.test.ts covers them).
      credentials: { api_key: secret, webhook_secret: secret, previous_expire_at: null },
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(installed))).toStrictEqual([
      auditRow({
        workspace: id('A1'),
        actor: member('A.agency_admin').id,
        action: 'module.install',
        target: { type: 'module_installation', id: key },
        metadata: {
          module_key: key,
          version: '1.0.0',
          state: { from: 'none', to: 'installed' },
          config_keys: ['any'],
        },
      }),
      auditRow({
        workspace: id('A1'),
        actor: member('A.agency_admin').id,
        action: 'module.credentials_issue',
        target: { type: 'module_installation', id: key },
        metadata: {
          module_key: key,
          kinds: ['api_key', 'webhook_secret'],
          credential_ids: [view.credentials.api_key?.id, view.credentials.webhook_secret?.id],
          prefixes: [view.credentials.api_key?.prefix, view.credentials.webhook_secret?.prefix],
          overlap_hours: 0,
          previous_expire_at: null,
        },
      }),
    ]);
    // Installed is not enabled: a plain member sees nothing of it.
    expect(
      (await ok<ModuleAvailabilityList>(await available('A1.business_user'))).items,
    ).toStrictEqual([]);

    const enabled = await ok<ModuleInstallationStateView>(await enable('A.agency_admin', key));
    expect(enabled).toMatchObject({ state: 'enabled', enabled_at: expect.any(String) });
    const forUser = await ok<ModuleAvailabilityList>(await available('A1.business_user'));
    expect(forUser).toStrictEqual({
      workspace_id: id('A1'),
      items: [
        {
          module_key: key,
          name: manifest.name,
          description: manifest.description,
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
          requestable_permissions: [`${key}.items.read`],
          navigation: [
            { label: `Module ${key}`, path: `/w/${id('A1')}/m/${key}`, icon: 'box', order: 100 },
          ],
          blocked_by: null,
        },
      ],
    });
    const forManager = await ok<ModuleAvailabilityList>(await available('A1.business_manager'));
    expect(
      forManager.items
        .find((item) => item.module_key === key)
        ?.navigation.map((entry) => entry.path),
    ).toStrictEqual([`/w/${id('A1')}/m/${key}`, `/w/${id('A1')}/m/${key}/settings`]);

    await expectError(
      await uninstall('A.agency_admin', key),
      'CONFLICT',
      { from: 'enabled', action: 'uninstall' },
      'Disable the module before uninstalling it.',
    );
    expect(await ok(await disable('A.agency_admin', key))).toMatchObject({ state: 'disabled' });
    expect(
      (await ok<ModuleAvailabilityList>(await available('A1.business_user'))).items,
    ).toStrictEqual([]);
    expect(
      (await ok<ModuleAvailabilityList>(await available('A.agency_admin'))).items.find(
        (item) => item.module_key === key,
      ),
    ).toMatchObject({ state: 'disabled', navigation: [] });
    expect(await ok(await uninstall('A.agency_admin', key))).toMatchObject({
      state: 'uninstalled',
    });
    expect(
      (await ok<ModuleAvailabilityList>(await available('A.agency_admin'))).items.find(
        (item) => item.module_key === key,
      ),
    ).toMatchObject({ state: 'uninstalled', version: null });
  });

  it('refuses a config the manifest refuses with the path, changing nothing', async () => {
    const { id: key } = await register({
      configSchema: {
        type: 'object',
        properties: { size: { type: 'integer' } },
        additionalProperties: false,
      },
    });
    const before = await snapshot();
    await expectError(
      await install('A.agency_admin', key, 'A1', { size: 'big' }),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body.config.size', message: 'must be integer' }],
      },
    );
    await expectError(
      await install('A.agency_admin', key, 'A1', ['not', 'an', 'object']),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'body.config', message: expect.any(String) as string }],
      },
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('refuses an invalid key and a missing workspace_id with VALIDATION_BLOCKING', async () => {
    const bad = await call('A.agency_admin', 'POST', '/modules/Not_A_Key/enable', {
      workspace_id: id('A1'),
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_BLOCKING',
    );
    const missing = await call('A.agency_admin', 'GET', '/modules/available');
    expect(missing.status).toBe(422);
  });

  it('leaves the registry routes to the registry: /modules/registry/{key} is not captured', async () => {
    const response = await call('S.super_admin', 'GET', '/modules/registry/upgrade');
    const body = (await response.json()) as { error?: { code: string } };
    expect(body.error?.code).not.toBe('VALIDATION_BLOCKING');
    expect(response.status).not.toBe(422);
  });
});

describe('DELETE /modules/{key}/uninstall names its workspace in the body (PRD §20.3) or the query', () => {
  it('uninstalls with workspace_id in the JSON body', async () => {
    const key = (await register()).id;
    await ok(await install('A.agency_admin', key));
    expect(
      await ok(
        await call('A.agency_admin', 'DELETE', `/modules/${key}/uninstall`, {
          workspace_id: id('A1'),
        }),
      ),
    ).toMatchObject({ workspace_id: id('A1'), module_key: key, state: 'uninstalled' });
  });

  it('refuses no workspace_id, or two different ones, changing nothing', async () => {
    const key = (await register()).id;
    await ok(await install('A.agency_admin', key));
    const before = await snapshot();
    const issue = {
      issues: [
        {
          path: 'body.workspace_id',
          message: 'Send workspace_id in the JSON body or in the query (the same id if both).',
        },
      ],
    };
    await expectError(
      await call('A.agency_admin', 'DELETE', `/modules/${key}/uninstall`),
      'VALIDATION_BLOCKING',
      issue,
    );
    await expectError(
      await call('A.agency_admin', 'DELETE', `/modules/${key}/uninstall?workspace_id=${id('A1')}`, {
        workspace_id: id('A2'),
      }),
      'VALIDATION_BLOCKING',
      issue,
    );
    expect(await snapshot()).toStrictEqual(before);
  });
});

describe('who may call each endpoint', () => {
  let key: string;
  beforeEach(async () => {
    ({ id: key } = await register());
  });

  const DENIED = (permission: string) =>
    ['PERMISSION_DENIED', { required_permission: permission }] as const;
  /** A business's own role refused by its agency's policy (A does not let businesses manage). */
  const expectPolicyRefusal = (response: Response, permission: string) =>
    expectError(
      response,
      'PERMISSION_DENIED',
      { required_permission: permission, reason: 'agency_policy', policy_workspace_id: id('A') },
      "Your agency manages this workspace's modules: ask them, or ask them to let businesses manage their own modules.",
    );

  it('refuses install to roles without modules.install, another tenant and a business under its agency’s policy', async () => {
    const before = await snapshot();
    for (const who of [
      'A1.business_user',
      'A1.business_manager',
      'A.agency_manager',
      'A.agency_user',
    ] as const) {
      await expectError(
        await install(who, key, who.startsWith('A1') ? 'A1' : 'A'),
        ...DENIED('modules.install'),
      );
    }
    await expectError(await install('B.agency_admin', key, 'A1'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: id('A1'),
    });
    await expectError(await install('B1.business_admin', key, 'A1'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: id('A1'),
    });
    await expectPolicyRefusal(await install('A1.business_admin', key), 'modules.install');
    expect(await snapshot()).toStrictEqual(before);
  });

  it('lets a business manage its modules once its agency allows it (a manager: enable and disable only)', async () => {
    await ok(await install('A.agency_admin', key));
    await expectPolicyRefusal(await enable('A1.business_manager', key), 'modules.enable');
    await expectError(await enable('A1.business_user', key), ...DENIED('modules.enable'));
    // The health check follows enable's rule, policy included.
    await expectPolicyRefusal(
      await call('A1.business_manager', 'POST', `/modules/${key}/health-check`, {
        workspace_id: id('A1'),
      }),
      'modules.enable',
    );

    const policy = await call('A.agency_admin', 'PUT', '/modules/policy', {
      workspace_id: id('A'),
      businesses_may_manage: true,
    });
    expect(await ok(policy)).toStrictEqual({
      agency_workspace_id: id('A'),
      businesses_may_manage: true,
      updated_at: expect.any(String),
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(policy))).toStrictEqual([
      auditRow({
        workspace: id('A'),
        actor: member('A.agency_admin').id,
        action: 'module.policy_update',
        target: { type: 'module_policy', id: id('A') },
        metadata: { businesses_may_manage: { from: false, to: true } },
      }),
    ]);
    expect(await ok(await enable('A1.business_manager', key))).toMatchObject({ state: 'enabled' });
    expect(await ok(await disable('A1.business_manager', key))).toMatchObject({
      state: 'disabled',
    });
    await expectError(await uninstall('A1.business_manager', key), ...DENIED('modules.install'));
    expect(await ok(await uninstall('A1.business_admin', key))).toMatchObject({
      state: 'uninstalled',
    });
    expect(await ok(await install('A1.business_admin', key))).toMatchObject({ state: 'installed' });
    // Another agency's business stays out of reach, policy or not.
    await expectError(await enable('B1.business_manager', key, 'A1'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: id('A1'),
    });
  });

  it('refuses disable, uninstall, upgrade, rollback and health checks to those without the capability', async () => {
    await ok(await install('A.agency_admin', key));
    await ok(await enable('A.agency_admin', key));
    const before = await snapshot();
    await expectError(await disable('A1.business_user', key), ...DENIED('modules.disable'));
    await expectError(await disable('B.agency_admin', key, 'A1'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: id('A1'),
    });
    await expectError(await uninstall('A1.business_manager', key), ...DENIED('modules.install'));
    await expectError(
      await call('A1.business_manager', 'GET', `/modules/${key}/upgrade?workspace_id=${id('A1')}`),
      ...DENIED('modules.install'),
    );
    await expectError(
      await call('A1.business_manager', 'POST', `/modules/${key}/upgrade`, {
        workspace_id: id('A1'),
        to_version: '2.0.0',
        consent: true,
      }),
      ...DENIED('modules.install'),
    );
    await expectError(
      await call('A1.business_manager', 'POST', `/modules/${key}/rollback`, {
        workspace_id: id('A1'),
      }),
      ...DENIED('modules.install'),
    );
    await expectError(
      await call('A1.business_user', 'POST', `/modules/${key}/health-check`, {
        workspace_id: id('A1'),
      }),
      ...DENIED('modules.enable'),
    );
    await expectError(
      await call('B.agency_admin', 'POST', `/modules/${key}/health-check`, {
        workspace_id: id('A1'),
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('A1') },
    );
    await expectError(await available('B.agency_admin', 'A1'), 'WORKSPACE_FORBIDDEN', {
      workspace_id: id('A1'),
    });
    await expectError(
      await call('A.agency_manager', 'PUT', '/modules/policy', {
        workspace_id: id('A'),
        businesses_may_manage: true,
      }),
      ...DENIED('modules.install'),
    );
    await expectError(
      await call('B.agency_admin', 'PUT', '/modules/policy', {
        workspace_id: id('A'),
        businesses_may_manage: true,
      }),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('A') },
    );
    await expectError(
      await call('B1.business_user', 'GET', `/modules/policy?workspace_id=${id('A1')}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: id('A1') },
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('answers the policy to a business’s members and refuses it for the super workspace', async () => {
    expect(
      await ok(await call('A1.business_user', 'GET', `/modules/policy?workspace_id=${id('A1')}`)),
    ).toStrictEqual({
      agency_workspace_id: id('A'),
      businesses_may_manage: false,
      updated_at: null,
    });
    await expectError(
      await call('S.super_admin', 'GET', `/modules/policy?workspace_id=${id('S')}`),
      'VALIDATION_BLOCKING',
      {
        issues: [
          { path: 'query.workspace_id', message: 'Pick an agency or one of its businesses' },
        ],
      },
    );
  });
});

describe('enable gates', () => {
  it.each([
    ['failing', 503, { status: 'unhealthy', http_status: 500, detail: 'answered 500' }],
    ['slow', 503, { status: 'unhealthy', http_status: null, detail: 'timed out after 300 ms' }],
    ['refused', 503, { status: 'unhealthy', http_status: null, detail: 'connection refused' }],
  ] as const)(
    'refuses a %s target with MODULE_TARGET_UNHEALTHY, state unchanged',
    async (mode, _status, details) => {
      const { id: key } = await register({
        baseUrl: mode === 'refused' ? targets.refusedBaseUrl : targets.baseUrl(mode),
        timeoutMs: 300,
      });
      await ok(await install('A.agency_admin', key));
      const before = await snapshotButHealth();
      await expectError(
        await enable('A.agency_admin', key),
        'MODULE_TARGET_UNHEALTHY',
        details,
        `The module's service did not answer its health check (${details.detail}), so it was not enabled.`,
      );
      expect(await snapshotButHealth()).toStrictEqual(before);
      const item = (await ok<ModuleAvailabilityList>(await available('A.agency_admin'))).items.find(
        (entry) => entry.module_key === key,
      );
      expect(item).toMatchObject({
        state: 'installed',
        health: { ...details, checked_at: expect.any(String) },
      });
      const check = await call('A.agency_admin', 'POST', `/modules/${key}/health-check`, {
        workspace_id: id('A1'),
      });
      expect(await ok(check)).toStrictEqual({
        module_key: key,
        version: '1.0.0',
        health: {
          ...details,
          checked_at: expect.any(String),
          latency_ms: expect.any(Number),
          breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
        },
      });
    },
  );

  it('does not ask a link-local (metadata) target outside local mode: MODULE_TARGET_UNHEALTHY, and the health check says why (probe A-7)', async () => {
    const { id: key } = await register({
      baseUrl: 'http://169.254.169.254/latest',
      timeoutMs: 200,
    });
    await ok(await install('A.agency_admin', key));
    const refused = {
      status: 'unhealthy',
      http_status: null,
      detail: 'address not allowed (link-local)',
    };
    setup.deps.config.isLocal = false;
    try {
      const before = await snapshotButHealth();
      await expectError(
        await enable('A.agency_admin', key),
        'MODULE_TARGET_UNHEALTHY',
        refused,
        "The module's service did not answer its health check (address not allowed (link-local)), so it was not enabled.",
      );
      expect(await snapshotButHealth()).toStrictEqual(before);
      const check = await call('A.agency_admin', 'POST', `/modules/${key}/health-check`, {
        workspace_id: id('A1'),
      });
      expect(await ok(check)).toStrictEqual({
        module_key: key,
        version: '1.0.0',
        health: {
          ...refused,
          checked_at: expect.any(String),
          latency_ms: expect.any(Number),
          breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
        },
      });
    } finally {
      setup.deps.config.isLocal = true;
    }
    // Local mode (the test default) asks it: whatever it answers, it is not this refusal.
    const local = await call('A.agency_admin', 'POST', `/modules/${key}/health-check`, {
      workspace_id: id('A1'),
    });
    const { health } = await ok<{ health: { detail: string } }>(local);
    expect(health.detail).not.toBe(refused.detail);
  });

  it.each([
    ['A1', 'active', null],
    ['A', 'past_due', null],
    ['A1', 'grace', ['BILLING_SUSPENDED', 'grace']],
    ['A', 'suspended', ['BILLING_SUSPENDED', 'suspended']],
    ['A1', 'canceled', ['BILLING_REQUIRED', 'canceled']],
    [null, 'none', ['BILLING_REQUIRED', 'no_account']],
  ] as const)('a paid module, billing account of %s %s', async (owner, state, refusal) => {
    if (owner !== null) {
      await setup.database.admin.query(
        `insert into public.billing_accounts (workspace_id, status, grace_ends_at) values ($1, $2, $3)`,
        [id(owner), state, state === 'grace' ? new Date(Date.now() + 86_400_000) : null],
      );
    }
    const { id: key } = await register({ paid: true });
    await ok(await install('A.agency_admin', key));
    const before = await snapshot();
    const response = await enable('A.agency_admin', key);
    if (refusal === null) {
      expect(await ok(response)).toMatchObject({ state: 'enabled' });
      return;
    }
    const [code, reason] = refusal;
    await expectError(
      response,
      code,
      { state, source_workspace_id: owner === null ? null : id(owner), reason },
      expect.any(String) as string,
    );
    expect(await snapshot()).toStrictEqual(before);
  });
});

describe('health checks are rate-limited per person and module (probe A-5)', () => {
  it(`refuses check ${MODULE_HEALTH_CHECKS_PER_10_MINUTES + 1} in 10 minutes with RATE_LIMITED and Retry-After, asking the target nothing`, async () => {
    const { id: key } = await register();
    const { id: other } = await register();
    const check = (who: MemberLabel, moduleKey = key) =>
      call(who, 'POST', `/modules/${moduleKey}/health-check`, { workspace_id: id('A1') });
    for (let n = 0; n < MODULE_HEALTH_CHECKS_PER_10_MINUTES; n += 1) {
      expect((await check('A.agency_admin')).status).toBe(200);
    }
    const hits = targets.hits.healthy;
    const before = await snapshot();
    const limited = await check('A.agency_admin');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await expectError(limited, 'RATE_LIMITED', { retry_after_seconds: retryAfter });
    expect(targets.hits.healthy).toBe(hits);
    expect(await snapshot()).toStrictEqual(before);
    // Another module for the same person, and another person for the same module, still check.
    expect((await check('A.agency_admin', other)).status).toBe(200);
    expect((await check('S.super_admin')).status).toBe(200);
    expect(targets.hits.healthy).toBe(hits + 2);
  });
});

describe('enable, upgrade and rollback spend the same probe budget (probe A-5)', () => {
  it('refuses an enable/disable loop past the budget with RATE_LIMITED and Retry-After, asking the target nothing', async () => {
    const { id: key } = await register();
    await ok(await install('A.agency_admin', key));
    const check = () =>
      call('A.agency_admin', 'POST', `/modules/${key}/health-check`, { workspace_id: id('A1') });
    // Health checks and enables count together: 29 checks, then the 30th request enables.
    for (let n = 1; n < MODULE_HEALTH_CHECKS_PER_10_MINUTES; n += 1) {
      expect((await check()).status).toBe(200);
    }
    expect(await ok(await enable('A.agency_admin', key))).toMatchObject({ state: 'enabled' });
    // A request that asks the target nothing spends nothing: enabling an enabled module is
    // its CONFLICT, not RATE_LIMITED.
    expect((await enable('A.agency_admin', key)).status).toBe(409);
    await register({ key, version: '2.0.0' });
    const move = (path: string) =>
      call('A.agency_admin', 'POST', `/modules/${key}/${path}`, {
        workspace_id: id('A1'),
        to_version: '2.0.0',
        consent: true,
      });
    const hits = targets.hits.healthy;
    const before = await snapshot();
    // Upgrading the enabled installation would ask the target: refused, nothing changed.
    const limited = await move('upgrade');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await expectError(limited, 'RATE_LIMITED', { retry_after_seconds: retryAfter });
    expect(targets.hits.healthy).toBe(hits);
    expect(await snapshot()).toStrictEqual(before);
    await ok(await disable('A.agency_admin', key));
    const disabled = await snapshot();
    await expectError(await enable('A.agency_admin', key), 'RATE_LIMITED', {
      retry_after_seconds: expect.any(Number),
    });
    expect(targets.hits.healthy).toBe(hits);
    expect(await snapshot()).toStrictEqual(disabled);
    // A disabled installation moves without asking its target, so the spent budget is no bar.
    expect(await ok(await move('upgrade'))).toMatchObject({ state: 'disabled', version: '2.0.0' });
    expect(await ok(await move('rollback'))).toMatchObject({ state: 'disabled', version: '1.0.0' });
    expect(targets.hits.healthy).toBe(hits);
    // Another person still enables it.
    expect(await ok(await enable('S.super_admin', key))).toMatchObject({ state: 'enabled' });
  });
});

describe('upgrade and rollback', () => {
  it('previews the diff, needs consent, upgrades and rolls back', async () => {
    const key = freshKey();
    await register({ key });
    await ok(await install('A.agency_admin', key));
    await register({ key, version: '2.0.0', permissions: [`${key}.items.create`] });

    const diff = await ok<ModulePermissionDiff>(
      await call('A.agency_admin', 'GET', `/modules/${key}/upgrade?workspace_id=${id('A1')}`),
    );
    expect(diff).toStrictEqual({
      module_key: key,
      workspace_id: id('A1'),
      from_version: '1.0.0',
      to_version: '2.0.0',
      permissions: { added: [`${key}.items.create`], removed: [] },
      events_emitted: { added: [], removed: [] },
      events_consumed: { added: [], removed: [] },
      api_routes: { added: [], removed: [] },
      pages: { added: [], removed: [] },
      shared_entities: { added: [], removed: [] },
      capabilities: { added: [], removed: [] },
      site_capabilities: { added: [], removed: [] },
      paid: null,
      target: null,
      frontend_entry_url: null,
      config_schema: { changed: false, issues: [] },
      grants_more: true,
    });
    expect(
      (await ok<ModuleAvailabilityList>(await available('A.agency_admin'))).items.find(
        (item) => item.module_key === key,
      ),
    ).toMatchObject({ version: '1.0.0', current_version: '2.0.0', upgrade_available: true });

    const before = await snapshot();
    await expectError(
      await call('A.agency_admin', 'POST', `/modules/${key}/upgrade`, {
        workspace_id: id('A1'),
        to_version: '2.0.0',
      }),
      'CONFLICT',
      { reason: 'consent_required', diff },
      'This version asks for more than the installed one: review what it adds and consent to upgrade.',
    );
    expect(await snapshot()).toStrictEqual(before);

    const upgraded = await call('A.agency_admin', 'POST', `/modules/${key}/upgrade`, {
      workspace_id: id('A1'),
      to_version: '2.0.0',
      consent: true,
    });
    expect(await ok(upgraded)).toMatchObject({
      state: 'installed',
      version: '2.0.0',
      previous_version: '1.0.0',
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(upgraded))).toStrictEqual([
      auditRow({
        workspace: id('A1'),
        actor: member('A.agency_admin').id,
        action: 'module.upgrade',
        target: { type: 'module_installation', id: key },
        metadata: {
          module_key: key,
          version: { from: '1.0.0', to: '2.0.0' },
          grants_more: true,
          consent: true,
          added_permissions: [`${key}.items.create`],
        },
      }),
    ]);
    const rolledBack = await call('A.agency_admin', 'POST', `/modules/${key}/rollback`, {
      workspace_id: id('A1'),
    });
    expect(await ok(rolledBack)).toMatchObject({ version: '1.0.0', previous_version: null });
    expect(
      (await ok<ModuleAvailabilityList>(await available('A.agency_admin'))).items.find(
        (item) => item.module_key === key,
      ),
    ).toMatchObject({ version: '1.0.0', previous_version: null, upgrade_available: true });
    expect(await auditRowsOf(setup.database, correlationIdOf(rolledBack))).toStrictEqual([
      auditRow({
        workspace: id('A1'),
        actor: member('A.agency_admin').id,
        action: 'module.installation_rollback',
        target: { type: 'module_installation', id: key },
        metadata: { module_key: key, version: { from: '2.0.0', to: '1.0.0' } },
      }),
    ]);
    // A rollback is used up: the second one does not move forward again (probe A-4).
    const afterRollback = await snapshot();
    await expectError(
      await call('A.agency_admin', 'POST', `/modules/${key}/rollback`, { workspace_id: id('A1') }),
      'CONFLICT',
      { reason: 'no_previous_version', version: '1.0.0' },
      'There is no earlier version of this module to go back to.',
    );
    expect(await snapshot()).toStrictEqual(afterRollback);
  });

  it('refuses upgrading an ENABLED free module into a paid version without billing, changing nothing', async () => {
    const key = freshKey();
    await register({ key });
    await ok(await install('A.agency_admin', key));
    await ok(await enable('A.agency_admin', key));
    await register({ key, version: '2.0.0', paid: true });
    const before = await snapshot();
    await expectError(
      await call('A.agency_admin', 'POST', `/modules/${key}/upgrade`, {
        workspace_id: id('A1'),
        to_version: '2.0.0',
        consent: true,
      }),
      'BILLING_REQUIRED',
      { state: 'none', source_workspace_id: null, reason: 'no_account' },
      'This module is paid: it needs an active subscription.',
    );
    expect(await snapshot()).toStrictEqual(before);
  });

  it('upgrades only to the version the caller previewed: version_changed when another is current, and to_version is required', async () => {
    const key = freshKey();
    await register({ key });
    await ok(await install('A.agency_admin', key));
    await register({ key, version: '1.1.0', permissions: [`${key}.items.create`] });
    const seen = await ok<ModulePermissionDiff>(
      await call('A.agency_admin', 'GET', `/modules/${key}/upgrade?workspace_id=${id('A1')}`),
    );
    expect(seen.to_version).toBe('1.1.0');
    await register({
      key,
      version: '2.0.0',
      permissions: [`${key}.items.create`, `${key}.items.delete`],
    });
    const before = await snapshot();
    const upgrade = (body: Record<string, unknown>) =>
      call('A.agency_admin', 'POST', `/modules/${key}/upgrade`, {
        workspace_id: id('A1'),
        ...body,
      });
    await expectError(
      await upgrade({ to_version: seen.to_version, consent: true }),
      'CONFLICT',
      { reason: 'version_changed', to_version: '1.1.0', current_version: '2.0.0' },
      'A newer version of this module was registered meanwhile: review its changes again.',
    );
    await expectError(await upgrade({ consent: true }), 'VALIDATION_BLOCKING', {
      issues: [{ path: 'body.to_version', message: expect.any(String) }],
    });
    expect(await snapshot()).toStrictEqual(before);
    expect(await ok(await upgrade({ to_version: '2.0.0', consent: true }))).toMatchObject({
      version: '2.0.0',
      previous_version: '1.0.0',
    });
  });

  it('refuses a rollback without a previous version with CONFLICT', async () => {
    const { id: key } = await register();
    await ok(await install('A.agency_admin', key));
    await expectError(
      await call('A.agency_admin', 'POST', `/modules/${key}/rollback`, { workspace_id: id('A1') }),
      'CONFLICT',
      { reason: 'no_previous_version', version: '1.0.0' },
      'There is no earlier version of this module to go back to.',
    );
  });
});
