import { request as httpRequest } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contextOf,
  envelope,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
} from '@aiconnected/platform/testing';
import {
  gatewayManifest,
  serveApi,
  startModuleStandIn,
  type ModuleStandIn,
  type SeenRequest,
} from './gateway-test-kit';

// ALL /api/gateway/{module}/{path} on real Postgres and real sockets: the API served on a
// loopback listener, the module's service a STAND-IN on loopback (gateway-test-kit.ts) that
// counts what reaches it. Every refusal is the whole envelope, forwards nothing (the stand-in
// saw no request) and changes nothing (the tables compared).

const { setup, ws, member } = setupRoleTreeApiTest();
const KEY = 'gw';
let target: ModuleStandIn;
let shell: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  target = await startModuleStandIn();
  shell = await serveApi(setup.api);
  const db = setup.deps.db;
  const superAdmin = await contextOf(setup.api, setup.tokens['S.super_admin']);
  await registerTestModule(
    db,
    superAdmin,
    gatewayManifest(KEY, target.baseUrl, `${target.baseUrl}/ui`),
  );
  await registerTestModule(
    db,
    superAdmin,
    gatewayManifest('gw-off', target.baseUrl, `${target.baseUrl}/ui`),
  );
  const agencyAdmin = await contextOf(setup.api, setup.tokens['A.agency_admin']);
  for (const moduleKey of [KEY, 'gw-off']) {
    const on = { actor: agencyAdmin, workspaceId: ws('A1').id, moduleKey };
    await installModule(db, { ...on, correlationId: 'test-install' });
    if (moduleKey === KEY) await enableModule(db, { ...on, correlationId: 'test-enable' });
  }
});
afterAll(async () => {
  await shell.close();
  await target.close();
});

/** `method /api/gateway/<path>` on the listener as `who` (session Bearer), with `headers`. */
function gw(who: MemberLabel | null, method: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (who) headers.set('authorization', `Bearer ${setup.tokens[who]}`);
  return fetch(`${shell.origin}/api/gateway/${path}`, { ...init, method, headers });
}

const NO_ROUTE = 'This module has no such route.';
const ROLE_DENIED = 'Your role in this workspace does not allow this action of the module.';

/** Runs `act`, then checks the stand-in saw nothing and no table changed. */
async function forwardsNothing(act: () => Promise<void>): Promise<void> {
  const before = await snapshotTables(setup.database);
  const seen = target.seen.length;
  await act();
  expect(target.seen.slice(seen)).toStrictEqual([]);
  expect(await snapshotTables(setup.database)).toStrictEqual(before);
}

/** The request the stand-in echoed back. */
async function echoed(response: Response): Promise<SeenRequest> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as SeenRequest;
}

async function jwks(): Promise<JSONWebKeySet> {
  const response = await fetch(`${shell.origin}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as JSONWebKeySet;
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public signing keys, cacheable, without any private member', async () => {
    const response = await fetch(`${shell.origin}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(body).toStrictEqual({
      keys: [
        {
          kty: 'EC',
          crv: 'P-256',
          x: expect.any(String),
          y: expect.any(String),
          kid: setup.deps.signingKeys.activeKid,
          alg: 'ES256',
          use: 'sig',
        },
      ],
    });
  });
});

describe('forwarding', () => {
  it('forwards a declared route with signed claims, the shell’s forwarded headers and Server-Timing', async () => {
    const who = member('A1.business_user');
    const response = await gw('A1.business_user', 'GET', `${KEY}/echo?x=1&y=%2F`);
    const correlationId = response.headers.get('x-correlation-id');
    const seen = await echoed(response);
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/echo?x=1&y=%2F');
    expect(seen.headers).toMatchObject({
      'x-shell-correlation-id': correlationId,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-prefix': `/api/gateway/${KEY}`,
    });
    expect(seen.headers.authorization).toBeUndefined();
    const claims = String(seen.headers['x-shell-claims']);
    const { payload, protectedHeader } = await jwtVerify(claims, createLocalJWKSet(await jwks()), {
      audience: KEY,
      issuer: 'http://localhost:3000',
      algorithms: ['ES256'],
    });
    expect(protectedHeader).toStrictEqual({
      alg: 'ES256',
      kid: setup.deps.signingKeys.activeKid,
      typ: 'JWT',
    });
    expect(payload).toStrictEqual({
      iss: 'http://localhost:3000',
      aud: KEY,
      sub: who.id,
      iat: expect.any(Number),
      nbf: payload.iat,
      exp: (payload.iat ?? 0) + 60,
      jti: expect.any(String),
      use: 'gateway',
      wid: ws('A1').id,
      mod: KEY,
      ver: '1.0.0',
      role: 'business_user',
      // A member holds the module's read permission, not its write one (an admin's).
      perms: [`${KEY}.items.read`],
      cid: correlationId,
      imp: {
        active: false,
        actor_user_id: null,
        actor_workspace_id: null,
        target_workspace_id: null,
      },
      htm: 'GET',
      htu: '/echo',
    });
    // The module's own headers pass; it cannot set cookies or shell headers on the shell's origin.
    expect(response.headers.get('x-module')).toBe('kept');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-shell-user')).toBeNull();
    expect(response.headers.get('server-timing')).toMatch(
      /^gateway;dur=\d+(\.\d+)?, target;dur=\d+(\.\d+)?$/,
    );
  });

  it('passes a module’s own error answer through unchanged', async () => {
    const response = await gw('A1.business_user', 'GET', `${KEY}/items/404`);
    expect(response.status).toBe(404);
    expect(await response.json()).toStrictEqual({ module_error: 'no such thing' });
  });

  it('writes one gateway.forward log line per attempt, forwarded or refused', async () => {
    const forwarded = await gw('A1.business_user', 'GET', `${KEY}/items`);
    await forwarded.text();
    const refused = await gw('A1.business_user', 'GET', `${KEY}/nowhere`);
    await refused.text();
    const lines = setup.logs.filter((line) => line.event === 'gateway.forward');
    const byCorrelation = (response: Response) =>
      lines.filter((line) => line.correlation_id === response.headers.get('x-correlation-id'));
    expect(byCorrelation(forwarded)).toStrictEqual([
      expect.objectContaining({
        decision: 'forwarded',
        module: KEY,
        version: '1.0.0',
        workspace_id: ws('A1').id,
        actor_id: member('A1.business_user').id,
        method: 'GET',
        path: '/items',
        status: 200,
        gateway_ms: expect.any(Number),
        target_ms: expect.any(Number),
      }),
    ]);
    expect(byCorrelation(refused)).toStrictEqual([
      expect.objectContaining({
        decision: 'refused',
        code: 'NOT_FOUND',
        module: KEY,
        method: 'GET',
        path: '/nowhere',
        status: 404,
      }),
    ]);
    expect(refused.headers.get('server-timing')).toMatch(/^gateway;dur=\d+(\.\d+)?$/);
  });
});

describe('forged identity headers never reach the module', () => {
  it('drops every client x-shell-*, x-forwarded-*, forwarded, x-real-ip, cookie and Connection-named header', async () => {
    const forged: Record<string, string> = {
      'x-shell-claims': 'forged.claims.token',
      'X-Shell-User-Id': member('S.super_admin').id,
      'x-shell-correlation-id': 'forged-correlation',
      'X-Forwarded-For': '6.6.6.6',
      'x-forwarded-host': 'evil.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-prefix': '/evil',
      forwarded: 'for=6.6.6.6;host=evil.example',
      'x-real-ip': '6.6.6.6',
      cookie: 'shell_session=stolen',
      // Named in Connection: a hop-by-hop header by the client's own word, dropped first.
      connection: 'keep-alive, x-sneaky, X-Shell-Claims',
      'x-sneaky': 'secret',
      'keep-alive': 'timeout=5',
      authorization: `Bearer ${setup.tokens['A1.business_user']}`,
    };
    const { port } = new URL(shell.origin);
    const seen = await new Promise<SeenRequest>((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: `/api/gateway/${KEY}/echo`,
          headers: forged,
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () =>
            response.statusCode === 200
              ? resolve(JSON.parse(text) as SeenRequest)
              : reject(new Error(`${response.statusCode} ${text}`)),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    const names = Object.keys(seen.headers);
    expect(names.filter((name) => name.startsWith('x-shell-')).sort()).toStrictEqual([
      'x-shell-claims',
      'x-shell-correlation-id',
    ]);
    expect(seen.headers['x-shell-claims']).not.toBe('forged.claims.token');
    expect(seen.headers['x-shell-correlation-id']).not.toBe('forged-correlation');
    for (const name of ['x-sneaky', 'forwarded', 'x-real-ip', 'cookie', 'authorization']) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    expect(seen.headers).toMatchObject({
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-prefix': `/api/gateway/${KEY}`,
    });
    expect(seen.headers['x-forwarded-host']).not.toBe('evil.example');
  });
});

describe('refusals, in the enforcement order', () => {
  it('AUTH_REQUIRED without a credential, SESSION_INVALID for an unknown one', async () => {
    await forwardsNothing(async () => {
      await expectError(await gw(null, 'GET', `${KEY}/echo`), 'AUTH_REQUIRED');
      await expectError(
        await gw(null, 'GET', `${KEY}/echo`, {
          headers: { authorization: `Bearer ${'x'.repeat(43)}` },
        }),
        'SESSION_INVALID',
      );
      await expectError(
        await gw(null, 'GET', `${KEY}/echo`, { headers: { authorization: 'Bearer a.b.c' } }),
        'SESSION_INVALID',
      );
    });
  });

  it('PERMISSION_DENIED (origin) for a cookie-authenticated write from a foreign origin', async () => {
    await forwardsNothing(async () => {
      const response = await gw(null, 'POST', `${KEY}/echo`, {
        headers: {
          cookie: `shell_session=${setup.tokens['A1.business_user']}`,
          origin: 'https://evil.example',
        },
        body: '{}',
      });
      const body = (await response.json()) as { error: { code: string; details: unknown } };
      expect(response.status).toBe(403);
      expect(body.error).toMatchObject({
        code: 'PERMISSION_DENIED',
        details: { reason: 'origin' },
      });
    });
    // From the shell's own origin the same write is forwarded.
    const allowed = await gw(null, 'POST', `${KEY}/echo`, {
      headers: {
        cookie: `shell_session=${setup.tokens['A1.business_user']}`,
        origin: 'http://localhost:3000',
      },
      body: '{}',
    });
    expect((await echoed(allowed)).headers.cookie).toBeUndefined();
  });

  it('VALIDATION_BLOCKING for a path segment that is no module key', async () => {
    await forwardsNothing(async () => {
      const response = await gw('A1.business_user', 'GET', 'Not_A_Key/echo');
      const body = (await response.json()) as {
        error: { details: { issues: { path: string }[] } };
      };
      expect(response.status).toBe(422);
      expect(body.error.details.issues.map((issue) => issue.path)).toStrictEqual(['path.module']);
    });
  });

  it('MODULE_NOT_REGISTERED, then MODULE_NOT_ENABLED with the installation state', async () => {
    await forwardsNothing(async () => {
      await expectError(await gw('A1.business_user', 'GET', 'nope/echo'), 'MODULE_NOT_REGISTERED', {
        module_key: 'nope',
      });
      await expectError(await gw('A1.business_user', 'GET', 'gw-off/echo'), 'MODULE_NOT_ENABLED', {
        module_key: 'gw-off',
        state: 'installed',
      });
      // Installed in A1 only: A2's members are refused with their own workspace's state.
      await expectError(await gw('A2.business_user', 'GET', `${KEY}/echo`), 'MODULE_NOT_ENABLED', {
        module_key: KEY,
        state: 'not_installed',
      });
    });
  });

  it('NOT_FOUND for a route the manifest does not declare (path or method)', async () => {
    await forwardsNothing(async () => {
      await expectError(
        await gw('A1.business_user', 'GET', `${KEY}/secret`),
        'NOT_FOUND',
        {
          module_key: KEY,
          method: 'GET',
          path: '/secret',
        },
        NO_ROUTE,
      );
      await expectError(
        await gw('A1.business_user', 'DELETE', `${KEY}/echo`),
        'NOT_FOUND',
        {
          module_key: KEY,
          method: 'DELETE',
          path: '/echo',
        },
        NO_ROUTE,
      );
      await expectError(
        await gw('A1.business_user', 'GET', KEY),
        'NOT_FOUND',
        {
          module_key: KEY,
          method: 'GET',
          path: '/',
        },
        NO_ROUTE,
      );
    });
  });

  it('PERMISSION_DENIED below the route’s minimumRole or without its permission', async () => {
    await forwardsNothing(async () => {
      await expectError(
        await gw('A1.business_user', 'GET', `${KEY}/admin-only`),
        'PERMISSION_DENIED',
        {
          module_key: KEY,
          minimum_role: 'admin',
        },
        ROLE_DENIED,
      );
      await expectError(
        await gw('A1.business_user', 'POST', `${KEY}/notes`, { body: '{}' }),
        'PERMISSION_DENIED',
        { module_key: KEY, required_permission: `${KEY}.notes.write` },
        ROLE_DENIED,
      );
    });
    // The business's admin holds both.
    expect((await gw('A1.business_admin', 'GET', `${KEY}/admin-only`)).status).toBe(404);
    expect(
      (await echoed(await gw('A1.business_admin', 'POST', `${KEY}/notes`, { body: '{}' }))).method,
    ).toBe('POST');
  });

  it('BILLING_SUSPENDED / BILLING_REQUIRED for a paid module once billing stops allowing its use', async () => {
    const admin = setup.database.admin;
    const account = (status: string | null) =>
      status === null
        ? admin.query('delete from public.billing_accounts where workspace_id = $1', [ws('A1').id])
        : admin.query(
            `insert into public.billing_accounts (workspace_id, status) values ($1, $2)
             on conflict (workspace_id) do update set status = excluded.status`,
            [ws('A1').id, status],
          );
    await account('active');
    const key = 'gw-paid';
    const manifest = {
      ...gatewayManifest(key, target.baseUrl, `${target.baseUrl}/ui`),
      paid: true,
    };
    const db = setup.deps.db;
    await registerTestModule(
      db,
      await contextOf(setup.api, setup.tokens['S.super_admin']),
      manifest,
    );
    const on = {
      actor: await contextOf(setup.api, setup.tokens['A.agency_admin']),
      workspaceId: ws('A1').id,
      moduleKey: key,
    };
    await installModule(db, { ...on, correlationId: 'test-install-paid' });
    await enableModule(db, { ...on, correlationId: 'test-enable-paid' });
    expect((await echoed(await gw('A1.business_user', 'GET', `${key}/echo`))).url).toBe('/echo');
    try {
      for (const [status, code, reason] of [
        ['suspended', 'BILLING_SUSPENDED', 'suspended'],
        [null, 'BILLING_REQUIRED', 'no_account'],
      ] as const) {
        await account(status);
        await forwardsNothing(async () => {
          const response = await gw('A1.business_user', 'GET', `${key}/echo`);
          const body = (await response.json()) as { error: { code: string; details: unknown } };
          expect(response.status).toBe(402);
          expect(body.error.code).toBe(code);
          expect(body.error.details).toMatchObject({ reason });
        });
      }
    } finally {
      await account(null);
    }
  });

  it('a refusal is the whole envelope with the request’s correlation id', async () => {
    const response = await gw('A1.business_user', 'GET', 'nope');
    expect(await response.json()).toStrictEqual(
      envelope(response, 'MODULE_NOT_REGISTERED', { module_key: 'nope' }),
    );
  });
});
