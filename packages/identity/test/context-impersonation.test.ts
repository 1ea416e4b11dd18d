import { randomUUID } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import {
  authenticateSession,
  startImpersonation,
  stopImpersonation,
  type SessionRecord,
} from '@aiconnected/identity';
import { ROLE_CAPABILITIES, impersonationCapabilities } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  openTreeSession,
  seedContextTree,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';
import { shellErrorCodeOf } from '../src/testing/shell-error-code-of';

let test: TestDatabase;
let fixture: ContextFixture;

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
});

const svc = <T>(fn: (tx: Tx) => Promise<T>) =>
  test.db.withService('context impersonation test', fn);

/** A signed-in user acting in `workspace`: the session (re-readable by token) and the guard's context. */
interface Signed {
  token: string;
  session: SessionRecord;
  context: WorkspaceContext;
}

async function signedIn(user: UserKey, workspace: WorkspaceKey): Promise<Signed> {
  const { token } = await openTreeSession(test, fixture, user, workspace);
  return reread(token);
}

/** What the guard sees for `token` now: the live session and its resolved context. */
async function reread(token: string): Promise<Signed> {
  const { session, context } = (await authenticateSession(test.db, token)) ?? {};
  if (!session || !context) throw new Error('no live session with a context');
  return { token, session, context };
}

/** Starts impersonating the tree's workspace `target`, or the workspace with id `target.id`. */
const start = (
  signed: Signed,
  target: WorkspaceKey | { id: string },
  reason = 'support ticket 4711',
  correlationId = randomUUID(),
) =>
  startImpersonation(test.db, {
    session: signed.session,
    context: signed.context,
    targetWorkspaceId: typeof target === 'string' ? fixture.workspaceIds[target] : target.id,
    reason,
    correlationId,
  });

/** The session row's impersonation columns and the audit rows of `correlationId`. */
async function stored(sessionId: string, correlationId: string) {
  const session = await test.admin.query(
    `select active_workspace_id, impersonation_actor_workspace_id as actor, impersonation_target_workspace_id as target,
            impersonation_reason as reason
       from public.sessions where id = $1`,
    [sessionId],
  );
  const audit = await test.admin.query(
    `select workspace_id, actor_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
       from public.audit_logs where correlation_id = $1 order by workspace_id`,
    [correlationId],
  );
  return { session: session.rows[0], audit: audit.rows };
}

const byId = (ids: string[]) => [...ids].sort();

describe('startImpersonation and stopImpersonation', () => {
  it('super impersonates an agency with narrowed permissions, audited in both workspaces, then stops', async () => {
    const actor = await signedIn('superAdmin', 'S');
    const { S, A } = fixture.workspaceIds;
    const userId = fixture.userIds.superAdmin;
    const state = {
      active: true,
      actor_user_id: userId,
      actor_workspace_id: S,
      target_workspace_id: A,
    };
    const startId = randomUUID();

    const started = await start(actor, 'A', '  Customer asked for help with branding  ', startId);
    const effective = {
      user_id: userId,
      session_id: actor.session.id,
      workspace_id: A,
      role_template: 'super_admin',
      permissions: impersonationCapabilities(ROLE_CAPABILITIES.super_admin),
      impersonation: state,
    };
    expect(started).toStrictEqual({
      impersonation_state: state,
      effective_context: effective,
      destination: '/agency',
    });
    expect(effective.permissions).not.toContain('impersonation.super.start');
    const reason = 'Customer asked for help with branding';
    const auditRow = (workspaceId: string, action: string) => ({
      workspace_id: workspaceId,
      actor_user_id: userId,
      action,
      target_type: 'workspace',
      target_id: A,
      metadata_json: {
        reason,
        impersonation: { actor_user_id: userId, actor_workspace_id: S, target_workspace_id: A },
      },
    });
    const startStored = await stored(actor.session.id, startId);
    expect(startStored).toStrictEqual({
      session: { active_workspace_id: A, actor: S, target: A, reason },
      audit: byId([S, A]).map((id) => auditRow(id, 'impersonation.start')),
    });

    // The guard resolves the same context from the stored session on the next request.
    const during = await reread(actor.token);
    expect(during.context).toStrictEqual(effective);

    const stopId = randomUUID();
    const stopped = await stopImpersonation(test.db, {
      session: during.session,
      correlationId: stopId,
    });
    expect(stopped).toStrictEqual({
      impersonation_state: NOT_IMPERSONATING,
      effective_context: actor.context,
      destination: '/super',
    });
    expect(await stored(actor.session.id, stopId)).toStrictEqual({
      session: { active_workspace_id: S, actor: null, target: null, reason: null },
      audit: byId([S, A]).map((id) => auditRow(id, 'impersonation.stop')),
    });
    expect((await reread(actor.token)).context).toStrictEqual(actor.context);
  });

  it('lets super impersonate a business and an agency admin its own business', async () => {
    const superStarted = await start(await signedIn('superManager', 'S'), 'B1');
    const agencyStarted = await start(await signedIn('agencyAdminA', 'A'), 'A1');
    expect({
      super: [
        superStarted.effective_context?.workspace_id,
        superStarted.effective_context?.role_template,
      ],
      agency: agencyStarted.effective_context,
    }).toStrictEqual({
      super: [fixture.workspaceIds.B1, 'super_manager'],
      agency: {
        user_id: fixture.userIds.agencyAdminA,
        session_id: agencyStarted.effective_context?.session_id,
        workspace_id: fixture.workspaceIds.A1,
        role_template: 'agency_admin',
        permissions: impersonationCapabilities(ROLE_CAPABILITIES.agency_admin),
        impersonation: {
          active: true,
          actor_user_id: fixture.userIds.agencyAdminA,
          actor_workspace_id: fixture.workspaceIds.A,
          target_workspace_id: fixture.workspaceIds.A1,
        },
      },
    });
  });

  it.each([
    ['agencyAdminA', 'A', 'B1', 'IMPERSONATION_SCOPE_FORBIDDEN'],
    ['agencyAdminA', 'A', 'B', 'IMPERSONATION_SCOPE_FORBIDDEN'],
    ['agencyManagerA', 'A', 'B1', 'IMPERSONATION_SCOPE_FORBIDDEN'],
    ['businessAdminA1', 'A1', 'B1', 'PERMISSION_DENIED'],
    ['businessAdminA1', 'A1', 'A', 'PERMISSION_DENIED'],
    ['agencyUserA', 'A', 'A1', 'PERMISSION_DENIED'],
    ['superUser', 'S', 'A', 'PERMISSION_DENIED'],
    ['superAdmin', 'S', 'S', 'IMPERSONATION_FORBIDDEN'],
    ['agencyAdminA', 'A', 'A', 'IMPERSONATION_FORBIDDEN'],
    ['agencyAdminA', 'A', 'S', 'IMPERSONATION_SCOPE_FORBIDDEN'],
    ['businessAdminA1', 'A1', 'S', 'PERMISSION_DENIED'],
    ['agencyUserA', 'A', 'A', 'PERMISSION_DENIED'],
  ] as const)(
    'refuses %s in %s impersonating %s with %s and changes nothing',
    async (user, from, to, code) => {
      const actor = await signedIn(user, from);
      const correlationId = randomUUID();
      expect(await shellErrorCodeOf(start(actor, to, 'support ticket 4711', correlationId))).toBe(
        code,
      );
      expect(await stored(actor.session.id, correlationId)).toStrictEqual({
        session: {
          active_workspace_id: fixture.workspaceIds[from],
          actor: null,
          target: null,
          reason: null,
        },
        audit: [],
      });
    },
  );

  it('never nests: an impersonating session cannot start another impersonation', async () => {
    const actor = await signedIn('superAdmin', 'S');
    await start(actor, 'A');
    const during = await reread(actor.token);
    expect(await shellErrorCodeOf(start(during, 'B1'))).toBe('IMPERSONATION_FORBIDDEN');
  });

  it('requires a reason of 3 to 500 characters', async () => {
    const actor = await signedIn('superAdmin', 'S');
    expect({
      short: await shellErrorCodeOf(start(actor, 'A', '  ok  ')),
      long: await shellErrorCodeOf(start(actor, 'A', 'x'.repeat(501))),
    }).toStrictEqual({ short: 'VALIDATION_BLOCKING', long: 'VALIDATION_BLOCKING' });
  });

  it('refuses a target that does not exist as a foreign one: the answer reveals no id', async () => {
    const none = { id: randomUUID() };
    expect({
      superAdmin: await shellErrorCodeOf(start(await signedIn('superAdmin', 'S'), none)),
      agencyAdmin: await shellErrorCodeOf(start(await signedIn('agencyAdminA', 'A'), none)),
      agencyAdminForeign: await shellErrorCodeOf(start(await signedIn('agencyAdminA', 'A'), 'B1')),
      businessAdmin: await shellErrorCodeOf(start(await signedIn('businessAdminA1', 'A1'), none)),
      businessAdminForeign: await shellErrorCodeOf(
        start(await signedIn('businessAdminA1', 'A1'), 'B1'),
      ),
    }).toStrictEqual({
      superAdmin: 'IMPERSONATION_SCOPE_FORBIDDEN',
      agencyAdmin: 'IMPERSONATION_SCOPE_FORBIDDEN',
      agencyAdminForeign: 'IMPERSONATION_SCOPE_FORBIDDEN',
      businessAdmin: 'PERMISSION_DENIED',
      businessAdminForeign: 'PERMISSION_DENIED',
    });
  });

  it('does not let an override of the start capability reach a business its holder does not govern', async () => {
    // Runs after the matrix above, which expects agencyUserA without the override.
    await svc((tx) =>
      tx.query(
        `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
         select m.id, m.workspace_id, p.id, true
           from public.workspace_memberships m, public.permissions p
          where m.user_id = $1 and p.code = 'impersonation.agency_business.start'`,
        [fixture.userIds.agencyUserA],
      ),
    );
    expect(await shellErrorCodeOf(start(await signedIn('agencyUserA', 'A'), 'A1'))).toBe(
      'IMPERSONATION_SCOPE_FORBIDDEN',
    );
  });

  it('stops even when the actor no longer governs its own workspace: no context, the selector next', async () => {
    const actor = await signedIn('agencyAdminA', 'A');
    expect((await start(actor, 'A1')).destination).toBe('/business');
    const during = await reread(actor.token);
    const setActive = (active: boolean) =>
      test.admin.query(
        'update public.workspace_memberships set active = $3 where user_id = $1 and workspace_id = $2',
        [fixture.userIds.agencyAdminA, fixture.workspaceIds.A, active],
      );
    await setActive(false);
    try {
      expect(
        await stopImpersonation(test.db, { session: during.session, correlationId: randomUUID() }),
      ).toStrictEqual({
        impersonation_state: NOT_IMPERSONATING,
        effective_context: null,
        destination: '/select-workspace',
      });
      expect((await authenticateSession(test.db, actor.token))?.session.activeWorkspaceId).toBe(
        fixture.workspaceIds.A,
      );
    } finally {
      await setActive(true);
    }
  });

  it('refuses to stop a session that is not impersonating with SESSION_INVALID', async () => {
    const actor = await signedIn('superAdmin', 'S');
    expect(
      await shellErrorCodeOf(
        stopImpersonation(test.db, { session: actor.session, correlationId: randomUUID() }),
      ),
    ).toBe('SESSION_INVALID');
  });
});
