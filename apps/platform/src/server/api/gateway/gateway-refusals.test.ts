import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule } from '@aiconnected/modules/testing';
import { describe, expect, it } from 'vitest';
import { contextOf, envelope, expectError } from '@aiconnected/platform/testing';
import {
  GATEWAY_TEST_KEY as KEY,
  gatewayManifest,
  setupGatewayRouteTest,
} from './gateway-test-kit';

// ALL /api/gateway/{module}/{path} refusals, in the enforcement order, on real Postgres and
// real sockets (the setup of gateway.test.ts). Every refusal is the whole envelope, forwards
// nothing (the module stand-in saw no request) and changes nothing (the tables compared).

const { setup, ws, standIn, gw, forwardsNothing, echoed } = setupGatewayRouteTest();

const NO_ROUTE = 'This module has no such route.';
const ROLE_DENIED = 'Your role in this workspace does not allow this action of the module.';

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

  it('MODULE_NOT_ENABLED with the installation state, an unknown key as one never installed', async () => {
    await forwardsNothing(async () => {
      // Not MODULE_NOT_REGISTERED: which keys the registry holds is not told (docs/modules.md).
      await expectError(await gw('A1.business_user', 'GET', 'nope/echo'), 'MODULE_NOT_ENABLED', {
        module_key: 'nope',
        state: 'not_installed',
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
      ...gatewayManifest(key, standIn().baseUrl, `${standIn().baseUrl}/ui`),
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
      envelope(response, 'MODULE_NOT_ENABLED', { module_key: 'nope', state: 'not_installed' }),
    );
  });
});
