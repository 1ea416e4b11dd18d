import { randomUUID } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { beginSessionImpersonation, switchWorkspace } from '@aiconnected/identity';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
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

const svc = <T>(fn: (tx: Tx) => Promise<T>) => test.db.withService('context switch test', fn);

const sessionOf = async (user: UserKey, workspace: WorkspaceKey | null) =>
  (await openTreeSession(test, fixture, user, workspace)).session;

/** The session's active workspace and the audit rows of `correlationId`, as stored. */
async function stored(sessionId: string, correlationId: string) {
  const session = await test.admin.query<{ active_workspace_id: string | null }>(
    'select active_workspace_id from public.sessions where id = $1',
    [sessionId],
  );
  const audit = await test.admin.query(
    `select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
            metadata_json - 'people' as metadata_json
       from public.audit_logs where correlation_id = $1 order by created_at`,
    [correlationId],
  );
  return { activeWorkspaceId: session.rows[0]?.active_workspace_id, audit: audit.rows };
}

describe('switchWorkspace', () => {
  it('switches a user with two businesses, returns the new context and audits from and to', async () => {
    const session = await sessionOf('twoBusinesses', 'B1');
    const correlationId = randomUUID();
    const result = await switchWorkspace(test.db, {
      session,
      workspaceId: fixture.workspaceIds.A2,
      correlationId,
    });
    expect(result).toStrictEqual({
      effective_context: {
        user_id: fixture.userIds.twoBusinesses,
        session_id: session.id,
        workspace_id: fixture.workspaceIds.A2,
        role_template: 'business_manager',
        permissions: [...ROLE_CAPABILITIES.business_manager].sort(),
        impersonation: NOT_IMPERSONATING,
      },
      destination: '/business',
    });
    expect(await stored(session.id, correlationId)).toStrictEqual({
      activeWorkspaceId: fixture.workspaceIds.A2,
      audit: [
        {
          workspace_id: fixture.workspaceIds.A2,
          actor_user_id: fixture.userIds.twoBusinesses,
          impersonator_user_id: null,
          action: 'workspace.switch',
          target_type: 'workspace',
          target_id: fixture.workspaceIds.A2,
          metadata_json: {
            from_workspace_id: fixture.workspaceIds.B1,
            to_workspace_id: fixture.workspaceIds.A2,
          },
        },
      ],
    });
  });

  it('lets a session without a workspace pick one (from is null)', async () => {
    const session = await sessionOf('twoBusinesses', null);
    const correlationId = randomUUID();
    await switchWorkspace(test.db, {
      session,
      workspaceId: fixture.workspaceIds.A2,
      correlationId,
    });
    const { audit } = await stored(session.id, correlationId);
    expect(audit.map((row) => row.metadata_json)).toStrictEqual([
      { from_workspace_id: null, to_workspace_id: fixture.workspaceIds.A2 },
    ]);
  });

  it.each([
    ['agencyAdminA', 'A', 'A1', 'agency_admin'],
    ['superUser', 'S', 'B1', 'super_user'],
    ['superAdmin', 'S', 'A', 'super_admin'],
  ] as const)(
    'lets %s switch from %s into %s (governing without a membership there)',
    async (user, from, to, role) => {
      const session = await sessionOf(user, from);
      const { effective_context: context, destination } = await switchWorkspace(test.db, {
        session,
        workspaceId: fixture.workspaceIds[to],
        correlationId: randomUUID(),
      });
      expect({
        workspace: context.workspace_id,
        role: context.role_template,
        destination,
      }).toStrictEqual({
        workspace: fixture.workspaceIds[to],
        role,
        destination: to === 'A' ? '/agency' : '/business',
      });
    },
  );

  it.each([
    ['businessAdminA1', 'A1', 'B1'],
    ['businessAdminA1', 'A1', 'A'],
    ['agencyUserA', 'A', 'A1'],
    ['agencyAdminA', 'A', 'B1'],
    ['agencyAdminB', 'B', 'S'],
  ] as const)(
    'refuses %s from %s into %s with WORKSPACE_FORBIDDEN and changes nothing',
    async (user, from, to) => {
      const session = await sessionOf(user, from);
      const correlationId = randomUUID();
      expect(
        await shellErrorCodeOf(
          switchWorkspace(test.db, {
            session,
            workspaceId: fixture.workspaceIds[to],
            correlationId,
          }),
        ),
      ).toBe('WORKSPACE_FORBIDDEN');
      expect(await stored(session.id, correlationId)).toStrictEqual({
        activeWorkspaceId: fixture.workspaceIds[from],
        audit: [],
      });
    },
  );

  it('refuses a workspace that does not exist with WORKSPACE_FORBIDDEN', async () => {
    const session = await sessionOf('superAdmin', 'S');
    expect(
      await shellErrorCodeOf(
        switchWorkspace(test.db, {
          session,
          workspaceId: randomUUID(),
          correlationId: randomUUID(),
        }),
      ),
    ).toBe('WORKSPACE_FORBIDDEN');
  });

  it('refuses while impersonating with IMPERSONATION_FORBIDDEN (stop first)', async () => {
    const session = await sessionOf('superAdmin', 'S');
    const impersonating = await svc((tx) =>
      beginSessionImpersonation(tx, {
        sessionId: session.id,
        actorWorkspaceId: fixture.workspaceIds.S,
        targetWorkspaceId: fixture.workspaceIds.A,
        reason: 'support ticket 42',
      }),
    );
    if (impersonating === null) throw new Error('impersonation did not begin');
    const correlationId = randomUUID();
    expect(
      await shellErrorCodeOf(
        switchWorkspace(test.db, {
          session: impersonating,
          workspaceId: fixture.workspaceIds.B,
          correlationId,
        }),
      ),
    ).toBe('IMPERSONATION_FORBIDDEN');
    expect(await stored(session.id, correlationId)).toStrictEqual({
      activeWorkspaceId: fixture.workspaceIds.A,
      audit: [],
    });
  });

  it('refuses a revoked session with SESSION_INVALID and writes no audit row', async () => {
    const session = await sessionOf('twoBusinesses', 'B1');
    await svc((tx) =>
      tx.query('update public.sessions set revoked_at = now() where id = $1', [session.id]),
    );
    const correlationId = randomUUID();
    expect(
      await shellErrorCodeOf(
        switchWorkspace(test.db, { session, workspaceId: fixture.workspaceIds.A2, correlationId }),
      ),
    ).toBe('SESSION_INVALID');
    expect((await stored(session.id, correlationId)).audit).toStrictEqual([]);
  });
});
