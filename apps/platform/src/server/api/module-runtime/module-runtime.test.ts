import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import type { ModuleAvailability, ModuleManifest, ModuleToken } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModuleTokenLimiter } from '@/server/api/guard/rate-limits';
import {
  as,
  auditRowsOf,
  contextOf,
  correlationIdOf,
  createTestApi,
  envelope,
  expectError,
  setupRoleTreeApiTest,
  signInAs,
  snapshotTables,
  type MemberLabel,
} from '@aiconnected/platform/testing';
import {
  gatewayManifest,
  startModuleStandIn,
  type ModuleStandIn,
  type SeenRequest,
} from '../gateway/gateway-test-kit';

// The module UI runtime's endpoints on real Postgres (module runtime spec; docs/modules.md
// "Module UI runtime"): GET /modules/{key}/runtime, PUT /modules/{key}/token-permissions,
// POST /modules/{key}/token, and the module UI token used at the gateway. The module's service
// is a STAND-IN on loopback. Refusals are whole envelopes and change nothing.

const { setup, ws, member, call } = setupRoleTreeApiTest();
const KEY = 'rt';
let target: ModuleStandIn;

/** A manifest with a UI and a configSchema whose `api_key` is writeOnly (a secret). */
function runtimeManifest(key: string, entryUrl: string | null): ModuleManifest {
  const { frontend: _frontend, ...manifest } = gatewayManifest(key, target.baseUrl, entryUrl ?? '');
  return {
    ...manifest,
    ...(entryUrl === null ? {} : { frontend: { entryUrl } }),
    capabilities: ['notifications'],
    configSchema: {
      type: 'object',
      properties: {
        greeting: { type: 'string' },
        api_key: { type: 'string', writeOnly: true },
      },
    },
  };
}

beforeAll(async () => {
  target = await startModuleStandIn();
  const db = setup.deps.db;
  const superAdmin = await contextOf(setup.api, setup.tokens['S.super_admin']);
  const agencyAdmin = await contextOf(setup.api, setup.tokens['A.agency_admin']);
  for (const [key, entry] of [
    [KEY, `${target.baseUrl}/ui`],
    ['rt-headless', null],
  ] as const) {
    await registerTestModule(db, superAdmin, runtimeManifest(key, entry));
    const on = { actor: agencyAdmin, workspaceId: ws('A1').id, moduleKey: key };
    await installModule(db, {
      ...on,
      config: { greeting: 'hi', api_key: 'secret-key' },
      correlationId: 'test-install',
    });
    await enableModule(db, { ...on, correlationId: 'test-enable' });
  }
});
afterAll(async () => {
  await target.close();
});

const runtime = (who: MemberLabel, key = KEY, workspace = ws('A1').id) =>
  call(who, 'GET', `/modules/${key}/runtime?workspace_id=${workspace}&path=/`);
const grant = (who: MemberLabel, permissions: string[]) =>
  call(who, 'PUT', `/modules/${KEY}/token-permissions`, {
    workspace_id: ws('A1').id,
    permissions,
  });
const mint = (who: MemberLabel, permissions: string[], extra: Record<string, unknown> = {}) =>
  call(who, 'POST', `/modules/${KEY}/token`, {
    workspace_id: ws('A1').id,
    permissions,
    ...extra,
  });

async function ok<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

async function verified(token: string) {
  const jwks = (await (await setup.api.request('/.well-known/jwks.json')).json()) as JSONWebKeySet;
  return jwtVerify(token, createLocalJWKSet(jwks), {
    audience: KEY,
    issuer: 'http://localhost:3000',
    algorithms: ['ES256'],
  });
}

describe('GET /modules/{key}/runtime', () => {
  it('answers the sanitised runtime config: no writeOnly setting, no token permission by default', async () => {
    expect(await ok(await runtime('A1.business_user'))).toStrictEqual({
      workspace_id: ws('A1').id,
      module_key: KEY,
      name: `Module ${KEY}`,
      version: '1.0.0',
      entry_url: `${target.baseUrl}/ui`,
      entry_origin: target.baseUrl,
      settings: { greeting: 'hi' },
      capabilities: ['notifications'],
      bridge_protocol_version: '1.1.0',
      token_permissions: [],
      page: { path: '/', title: 'Page /', minimum_role: 'member' },
    });
  });

  it('refuses a module without a UI, another tree’s workspace, and an unknown or disabled module', async () => {
    const before = await snapshotTables(setup.database);
    await expectError(
      await runtime('A1.business_user', 'rt-headless'),
      'NOT_FOUND',
      { module_key: 'rt-headless', reason: 'no_frontend' },
      'This module has no screens of its own.',
    );
    const foreign = await runtime('B1.business_admin', KEY, ws('A1').id);
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe(
      'WORKSPACE_FORBIDDEN',
    );
    await expectError(await runtime('A1.business_user', 'nope'), 'MODULE_NOT_REGISTERED', {
      module_key: 'nope',
    });
    await expectError(await runtime('A2.business_user', KEY, ws('A2').id), 'MODULE_NOT_ENABLED', {
      module_key: KEY,
      state: 'not_installed',
    });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('PUT /modules/{key}/token-permissions', () => {
  it('needs modules.install, takes only the manifest’s permissions, and is audited', async () => {
    const before = await snapshotTables(setup.database);
    const denied = await grant('A1.business_user', [`${KEY}.items.read`]);
    expect(denied.status).toBe(403);
    const invalid = await grant('A.agency_admin', [`${KEY}.items.read`, `${KEY}.nope.read`]);
    expect(invalid.status).toBe(422);
    expect(
      (
        (await invalid.json()) as { error: { details: { issues: { path: string }[] } } }
      ).error.details.issues.map((issue) => issue.path),
    ).toStrictEqual(['body.permissions.1']);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);

    const response = await grant('A.agency_admin', [`${KEY}.items.read`, `${KEY}.notes.write`]);
    const item = await ok<ModuleAvailability>(response);
    expect(item.token_permissions).toStrictEqual([`${KEY}.items.read`, `${KEY}.notes.write`]);
    const rows = await auditRowsOf(setup.database, correlationIdOf(response));
    expect(rows.map((row) => [row.action, row.metadata_json])).toStrictEqual([
      [
        'module.token_permissions_update',
        expect.objectContaining({
          token_permissions: { from: [], to: [`${KEY}.items.read`, `${KEY}.notes.write`] },
        }),
      ],
    ]);
    // Granted AND held: a member holds the read permission, not the write one (an admin's).
    expect(
      (await ok<{ token_permissions: string[] }>(await runtime('A1.business_user')))
        .token_permissions,
    ).toStrictEqual([`${KEY}.items.read`]);
  });
});

describe('POST /modules/{key}/token and the module UI token at the gateway', () => {
  beforeAll(async () => {
    await ok(await grant('A.agency_admin', [`${KEY}.items.read`, `${KEY}.notes.write`]));
  });

  it('mints a short-lived ES256 token for granted and held permissions, bound to the session', async () => {
    const response = await mint('A1.business_user', [`${KEY}.items.read`]);
    const answer = await ok<ModuleToken>(response);
    expect(answer).toStrictEqual({
      token: expect.any(String),
      token_type: 'Bearer',
      expires_at: expect.any(String),
      permissions: [`${KEY}.items.read`],
      audience: KEY,
    });
    const { payload } = await verified(answer.token);
    expect(payload).toMatchObject({
      sub: member('A1.business_user').id,
      use: 'module-ui',
      wid: ws('A1').id,
      mod: KEY,
      ver: '1.0.0',
      role: 'business_user',
      perms: [`${KEY}.items.read`],
      cid: correlationIdOf(response),
      sid: expect.any(String),
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
    expect(new Date(answer.expires_at).getTime()).toBe((payload.exp ?? 0) * 1000);
    const short = await ok<ModuleToken>(
      await mint('A1.business_user', [`${KEY}.items.read`], { ttl_seconds: 10 }),
    );
    const { payload: brief } = await verified(short.token);
    expect((brief.exp ?? 0) - (brief.iat ?? 0)).toBe(10);
  });

  it('refuses permissions not granted or not held, another workspace, and bad bodies; nothing changes', async () => {
    const before = await snapshotTables(setup.database);
    await expectError(await mint('A1.business_user', [`${KEY}.notes.write`]), 'PERMISSION_DENIED', {
      module_key: KEY,
      reason: 'not_granted',
      permissions: [`${KEY}.notes.write`],
    });
    // The agency admin governs A1 but is active in A: the claims would describe A.
    const elsewhere = await mint('A.agency_admin', [`${KEY}.items.read`]);
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.json()).toStrictEqual(
      envelope(elsewhere, 'VALIDATION_BLOCKING', {
        issues: [
          {
            path: 'body.workspace_id',
            message: 'Must be your active workspace (switch to it first).',
          },
        ],
      }),
    );
    // A workspace the caller cannot even see: refused the same way, before any module lookup.
    const unseen = await mint('A1.business_user', [`${KEY}.items.read`], {
      workspace_id: ws('B1').id,
    });
    expect(await unseen.json()).toStrictEqual(
      envelope(unseen, 'VALIDATION_BLOCKING', {
        issues: [
          {
            path: 'body.workspace_id',
            message: 'Must be your active workspace (switch to it first).',
          },
        ],
      }),
    );
    for (const body of [{ permissions: [] }, { ttl_seconds: 301 }, { ttl_seconds: 9 }]) {
      const response = await mint('A1.business_user', [`${KEY}.items.read`], body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('is rate limited per user, across their sessions', async () => {
    const limited = createTestApi(setup.deps.db, {
      moduleTokenLimiter: createModuleTokenLimiter(setup.deps.db.pool, 2),
    });
    const request = (token: string) =>
      limited.api.request(
        `/api/modules/${KEY}/token`,
        as(token, 'POST', {
          workspace_id: ws('A1').id,
          permissions: [`${KEY}.items.read`],
        }),
      );
    expect((await request(setup.tokens['A1.business_manager'])).status).toBe(200);
    expect((await request(setup.tokens['A1.business_manager'])).status).toBe(200);
    // Signing in again (a new session, active in A1 as the last one was) buys no fresh budget.
    const again = await signInAs(setup.api, member('A1.business_manager'));
    const third = await request(again);
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('carries a module UI caller through the gateway within the token’s permissions', async () => {
    const { token } = await ok<ModuleToken>(await mint('A1.business_admin', [`${KEY}.items.read`]));
    const viaToken = (method: string, path: string, key = KEY) =>
      setup.api.request(`/api/gateway/${key}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
      });
    const forwarded = await viaToken('GET', '/items');
    const seen = (await forwarded.json()) as SeenRequest;
    expect(forwarded.status).toBe(200);
    const claims = await verified(String(seen.headers['x-shell-claims']));
    expect(claims.payload).toMatchObject({
      use: 'gateway',
      sub: member('A1.business_admin').id,
      perms: [`${KEY}.items.read`],
      htm: 'GET',
      htu: '/items',
    });
    const seenBefore = target.seen.length;
    // The admin holds notes.write, the token does not carry it.
    await expectError(
      await viaToken('POST', '/notes'),
      'PERMISSION_DENIED',
      { module_key: KEY, reason: 'token_scope', required_permission: `${KEY}.notes.write` },
      "This module's access token does not allow this action.",
    );
    // Its audience is this module only.
    await expectError(await viaToken('GET', '/items', 'rt-headless'), 'SESSION_INVALID');
    expect(target.seen.length).toBe(seenBefore);
  });

  it('stops working at the gateway once its session ends or moves to another workspace', async () => {
    const session = await signInAs(setup.api, member('A.agency_admin'));
    const switchTo = async (workspace: string) =>
      expect(
        (
          await setup.api.request(
            '/api/workspaces/switch',
            as(session, 'POST', { workspace_id: workspace }),
          )
        ).status,
      ).toBe(200);
    await switchTo(ws('A1').id);
    const minted = await setup.api.request(
      `/api/modules/${KEY}/token`,
      as(session, 'POST', { workspace_id: ws('A1').id, permissions: [`${KEY}.items.read`] }),
    );
    const { token } = await ok<ModuleToken>(minted);
    const items = () =>
      setup.api.request(`/api/gateway/${KEY}/items`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await items()).status).toBe(200);
    await switchTo(ws('A').id);
    await expectError(await items(), 'SESSION_INVALID');
    await switchTo(ws('A1').id);
    expect((await items()).status).toBe(200);
    expect(
      (await setup.api.request('/api/auth/sign-out', as(session, 'POST'))).status,
    ).toBeLessThan(300);
    await expectError(await items(), 'SESSION_INVALID');
  });
});
