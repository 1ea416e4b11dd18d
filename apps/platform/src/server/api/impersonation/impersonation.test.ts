import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  NOT_IMPERSONATING,
  type ImpersonationResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  bearer,
  cookie,
  expectError,
  jsonRequest,
  setupTwoAgencyApiTest,
} from '@/server/api/testing';

const { setup, signIn } = setupTwoAgencyApiTest();

function start(
  token: string,
  targetWorkspaceId: string,
  reason = 'Customer asked for help with settings',
) {
  return setup.api.request(
    '/api/auth/impersonation/start',
    jsonRequest('POST', { target_workspace_id: targetWorkspaceId, reason }, bearer(token)),
  );
}

function stop(headers: Record<string, string>) {
  return setup.api.request('/api/auth/impersonation/stop', { method: 'POST', headers });
}

describe('impersonation by a super admin', () => {
  it('starts into an agency, shows both identities, narrows permissions, stops, and audits both', async () => {
    const actor = setup.tree.users.superAdmin;
    const { agencyA, super: platform } = setup.tree.workspaces;
    const token = await signIn(actor);

    const started = await start(token, agencyA.id);

    expect(started.status).toBe(200);
    // A start always answers a context (only a stop may answer null).
    const startBody = (await started.json()) as ImpersonationResult & {
      effective_context: WorkspaceContext;
    };
    const impersonating = {
      active: true,
      actor_user_id: actor.id,
      actor_workspace_id: platform.id,
      target_workspace_id: agencyA.id,
    };
    expect(startBody).toStrictEqual({
      impersonation_state: impersonating,
      effective_context: {
        user_id: actor.id,
        session_id: expect.any(String),
        workspace_id: agencyA.id,
        role_template: 'super_admin',
        permissions: expect.any(Array),
        impersonation: impersonating,
      },
      destination: '/agency',
    });
    const { permissions } = startBody.effective_context;
    expect(permissions).toContain('impersonation.stop');
    expect(permissions).not.toContain('impersonation.super.start');
    expect(permissions).not.toContain('impersonation.agency_business.start');

    const session = await setup.api.request('/api/auth/session', { headers: bearer(token) });
    expect(await session.json()).toMatchObject({
      destination: '/agency',
      impersonation: {
        active: true,
        actor_user_id: actor.id,
        actor_workspace: { id: platform.id, name: platform.name },
        target_workspace: { id: agencyA.id, name: agencyA.name },
      },
    });
    const effective = await setup.api.request('/api/permissions/effective', {
      headers: bearer(token),
    });
    expect(await effective.json()).toStrictEqual({
      effective_permissions: permissions,
      role_template: 'super_admin',
      workspace_id: agencyA.id,
      impersonation: impersonating,
    });

    const stopped = await stop(cookie(token));

    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toStrictEqual({
      impersonation_state: NOT_IMPERSONATING,
      effective_context: {
        user_id: actor.id,
        session_id: startBody.effective_context.session_id,
        workspace_id: platform.id,
        role_template: 'super_admin',
        permissions: expect.any(Array),
        impersonation: NOT_IMPERSONATING,
      },
      destination: '/super',
    });

    const { rows } = await setup.database.admin.query<{
      action: string;
      workspace_id: string;
      correlation_id: string;
    }>(
      `select action, workspace_id, correlation_id from public.audit_logs
        where actor_user_id = $1 and action like 'impersonation.%' order by created_at, action, workspace_id`,
      [actor.id],
    );
    const startId = started.headers.get('x-correlation-id');
    const stopId = stopped.headers.get('x-correlation-id');
    expect(rows).toHaveLength(4);
    expect(
      rows
        .filter((row) => row.action === 'impersonation.start')
        .map((row) => [row.workspace_id, row.correlation_id])
        .sort(),
    ).toStrictEqual(
      [
        [platform.id, startId],
        [agencyA.id, startId],
      ].sort(),
    );
    expect(
      rows
        .filter((row) => row.action === 'impersonation.stop')
        .map((row) => [row.workspace_id, row.correlation_id])
        .sort(),
    ).toStrictEqual(
      [
        [platform.id, stopId],
        [agencyA.id, stopId],
      ].sort(),
    );
  });

  it('refuses to nest, to switch while impersonating, and to stop twice', async () => {
    const token = await signIn(setup.tree.users.superAdmin);
    expect((await start(token, setup.tree.workspaces.businessB1.id)).status).toBe(200);

    await expectError(
      await start(token, setup.tree.workspaces.agencyB.id),
      'IMPERSONATION_FORBIDDEN',
      {
        target_workspace_id: setup.tree.workspaces.agencyB.id,
      },
    );
    const switched = await setup.api.request(
      '/api/workspaces/switch',
      jsonRequest('POST', { workspace_id: setup.tree.workspaces.super.id }, bearer(token)),
    );
    await expectError(
      switched,
      'IMPERSONATION_FORBIDDEN',
      undefined,
      'Stop impersonating before switching workspace.',
    );

    expect((await stop(bearer(token))).status).toBe(200);
    await expectError(
      await stop(bearer(token)),
      'SESSION_INVALID',
      undefined,
      'This session is not impersonating a workspace.',
    );
  });

  it('refuses the super workspace itself and requires a reason', async () => {
    const token = await signIn(setup.tree.users.superAdmin);
    await expectError(
      await start(token, setup.tree.workspaces.super.id),
      'IMPERSONATION_FORBIDDEN',
      {
        target_workspace_id: setup.tree.workspaces.super.id,
      },
    );
    await expectError(
      await start(token, setup.tree.workspaces.agencyA.id, '  '),
      'VALIDATION_BLOCKING',
      { field: 'reason', min_length: 3, max_length: 500 },
      'Give a reason for impersonating (3 to 500 characters).',
    );
  });
});

describe('impersonation by an agency admin', () => {
  it('starts into its own business and stops', async () => {
    const token = await signIn(setup.tree.users.agencyAAdmin);

    const started = await start(token, setup.tree.workspaces.businessA1.id);

    expect(started.status).toBe(200);
    expect(await started.json()).toMatchObject({
      impersonation_state: {
        active: true,
        target_workspace_id: setup.tree.workspaces.businessA1.id,
      },
      effective_context: {
        workspace_id: setup.tree.workspaces.businessA1.id,
        role_template: 'agency_admin',
      },
      destination: '/business',
    });
    const stopped = await stop(bearer(token));
    expect(await stopped.json()).toMatchObject({
      impersonation_state: NOT_IMPERSONATING,
      effective_context: { workspace_id: setup.tree.workspaces.agencyA.id },
      destination: '/agency',
    });
  });

  it('answers IMPERSONATION_SCOPE_FORBIDDEN for another agency’s business, and changes nothing', async () => {
    const token = await signIn(setup.tree.users.agencyAAdmin);

    const response = await start(token, setup.tree.workspaces.businessB1.id);

    await expectError(response, 'IMPERSONATION_SCOPE_FORBIDDEN', {
      target_workspace_id: setup.tree.workspaces.businessB1.id,
    });
    const effective = await setup.api.request('/api/permissions/effective', {
      headers: bearer(token),
    });
    expect(await effective.json()).toMatchObject({
      workspace_id: setup.tree.workspaces.agencyA.id,
      impersonation: NOT_IMPERSONATING,
    });
  });

  it('answers IMPERSONATION_SCOPE_FORBIDDEN for another agency', async () => {
    const token = await signIn(setup.tree.users.agencyAAdmin);
    await expectError(
      await start(token, setup.tree.workspaces.agencyB.id),
      'IMPERSONATION_SCOPE_FORBIDDEN',
      {
        target_workspace_id: setup.tree.workspaces.agencyB.id,
      },
    );
  });
});

describe('a target outside the caller’s scope, existing or not', () => {
  // The same envelope (but its correlation id and the id sent back) for another tenant's
  // workspaces and for an id of no workspace, so the answer tells nobody which ids exist.
  it.each([
    ['agencyBAdmin', 'IMPERSONATION_SCOPE_FORBIDDEN'],
    ['businessB1Admin', 'PERMISSION_DENIED'],
  ] as const)('%s gets %s for agency A’s workspaces and a random id alike', async (user, code) => {
    const token = await signIn(setup.tree.users[user]);
    const { agencyA, businessA1 } = setup.tree.workspaces;
    for (const target of [agencyA.id, businessA1.id, randomUUID()]) {
      await expectError(await start(token, target), code, { target_workspace_id: target });
    }
  });
});

describe('impersonation by roles without the capability', () => {
  it('answers PERMISSION_DENIED for a business admin and an agency user', async () => {
    const cases = [
      [setup.tree.users.businessA1Admin, setup.tree.workspaces.businessB1.id],
      [setup.tree.users.agencyAUser, setup.tree.workspaces.businessA1.id],
    ] as const;
    for (const [user, target] of cases) {
      const token = await signIn(user);
      await expectError(await start(token, target), 'PERMISSION_DENIED', {
        target_workspace_id: target,
      });
    }
  });

  it('answers WORKSPACE_REQUIRED without an active workspace and AUTH_REQUIRED without a session', async () => {
    const token = await signIn(setup.tree.users.twoWorkspaces);
    await expectError(
      await start(token, setup.tree.workspaces.businessA1.id),
      'WORKSPACE_REQUIRED',
    );
    await expectError(
      await setup.api.request(
        '/api/auth/impersonation/start',
        jsonRequest('POST', {
          target_workspace_id: setup.tree.workspaces.businessA1.id,
          reason: 'help',
        }),
      ),
      'AUTH_REQUIRED',
    );
    await expectError(await stop({}), 'AUTH_REQUIRED');
  });
});
