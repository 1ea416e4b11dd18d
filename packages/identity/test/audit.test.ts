import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import {
  NOT_IMPERSONATING,
  type AuditAction,
  type AuditLogEntry,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { listAuditLogs } from '../src/audit';
import {
  seedContextTree,
  type ContextFixture,
  type UserKey,
  type WorkspaceKey,
} from './context-fixture';

let test: TestDatabase;
let fixture: ContextFixture;
/** The action every seeded row of this file carries, so filters isolate them. */
const ACTION: AuditAction = 'workspace.rename';
const BASE_TIME = Date.parse('2026-03-01T10:00:00Z');

setupTestDatabase(seedContextTree, async (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  await test.admin.query(`update public.users set display_name = 'Sam Super' where id = $1`, [
    fixture.userIds.superAdmin,
  ]);
  // Five rows per workspace, one second apart; rows 2 and 3 share a timestamp (ties break on id).
  for (const key of ['S', 'A', 'A1', 'A2', 'B', 'B1'] as const) {
    for (const index of [0, 1, 2, 3, 4]) {
      const seconds = index === 3 ? 2 : index;
      await test.admin.query(
        `insert into public.audit_logs (workspace_id, actor_user_id, action, target_type, target_id, created_at, correlation_id)
         values ($1, $2, $3, 'probe', $4, $5, $6)`,
        [
          fixture.workspaceIds[key],
          fixture.userIds.superAdmin,
          ACTION,
          `${key}-${index}`,
          new Date(BASE_TIME + seconds * 1000).toISOString(),
          `seed-${key}-${index}`,
        ],
      );
    }
  }
});

function actor(user: UserKey, workspace: WorkspaceKey, role: RoleTemplate): WorkspaceContext {
  return {
    user_id: fixture.userIds[user],
    session_id: randomUUID(),
    workspace_id: fixture.workspaceIds[workspace],
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}

/** A fixture user as an audit row names them. */
async function person(user: UserKey) {
  const { rows } = await test.admin.query<{
    id: string;
    email: string;
    display_name: string | null;
  }>('select id, email, display_name from public.users where id = $1', [fixture.userIds[user]]);
  return rows[0];
}

const targets = (items: AuditLogEntry[]) => items.map((item) => item.target_id);

describe('listAuditLogs', () => {
  it('pages newest first with a keyset cursor that neither skips nor repeats tied rows', async () => {
    const seen: AuditLogEntry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditLogs(test.db, {
        actor: actor('superAdmin', 'S', 'super_admin'),
        workspaceId: fixture.workspaceIds.A,
        action: ACTION,
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...page.items);
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(targets(seen)).toHaveLength(5);
    expect(new Set(targets(seen))).toStrictEqual(new Set(['A-0', 'A-1', 'A-2', 'A-3', 'A-4']));
    expect(seen[0]?.target_id).toBe('A-4');
    expect(seen.at(-1)?.target_id).toBe('A-0');
    const times = seen.map((item) => item.created_at);
    expect([...times].sort().reverse()).toStrictEqual(times);
    expect(seen[0]).toStrictEqual({
      id: expect.any(String),
      workspace_id: fixture.workspaceIds.A,
      actor_user_id: fixture.userIds.superAdmin,
      impersonator_user_id: null,
      action: ACTION,
      target_type: 'probe',
      target_id: 'A-4',
      // The database keeps the actor as they were (migration 021).
      metadata_json: { people: { actor: await person('superAdmin') } },
      correlation_id: 'seed-A-4',
      created_at: '2026-03-01T10:00:04.000000Z',
      actor: await person('superAdmin'),
      impersonator: null,
      target_user: null,
    });
  });

  it('names the people of each row, also those the reader cannot see as users', async () => {
    const ACTION_PEOPLE: AuditAction = 'user.profile_update';
    const gone = randomUUID();
    const rows: [string | null, string | null, string, string | null, string][] = [
      // A super operator impersonating into A1 and acting on one of its users.
      [
        fixture.userIds.superAdmin,
        fixture.userIds.superAdmin,
        'user',
        fixture.userIds.businessAdminA1,
        'people-impersonated',
      ],
      // A system action on a user id no user row has (any longer).
      [null, null, 'user', gone, 'people-system'],
      // A target that is not a user, though its id could be one.
      [fixture.userIds.agencyAdminA, null, 'workspace', fixture.userIds.agencyUserA, 'people-ws'],
      // A user target whose id is not a uuid.
      [fixture.userIds.businessAdminA1, null, 'user', 'not-a-uuid', 'people-odd'],
    ];
    for (const [
      index,
      [actorId, impersonatorId, targetType, targetId, correlationId],
    ] of rows.entries()) {
      await test.admin.query(
        `insert into public.audit_logs
           (workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id, created_at, correlation_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          fixture.workspaceIds.A1,
          actorId,
          impersonatorId,
          ACTION_PEOPLE,
          targetType,
          targetId,
          new Date(BASE_TIME + 60_000 + index * 1000).toISOString(),
          correlationId,
        ],
      );
    }
    const reader = actor('agencyAdminA', 'A', 'agency_admin');
    // The agency admin cannot read the super operator as a user (RLS on users) ...
    const visible = await test.db.withWorkspace(reader, (tx) =>
      tx.query('select id from public.users where id = $1', [fixture.userIds.superAdmin]),
    );
    expect(visible.rows).toStrictEqual([]);
    // ... yet the audit rows it may read name them.
    const page = await listAuditLogs(test.db, { actor: reader, action: ACTION_PEOPLE, limit: 10 });
    const superAdmin = await person('superAdmin');
    expect(superAdmin?.display_name).toBe('Sam Super');
    const common = {
      id: expect.any(String),
      workspace_id: fixture.workspaceIds.A1,
      action: ACTION_PEOPLE,
      created_at: expect.any(String),
    };
    const snapshot = async (
      people: Partial<Record<'actor' | 'impersonator' | 'target_user', UserKey>>,
    ) => ({
      people: Object.fromEntries(
        await Promise.all(
          Object.entries(people).map(async ([key, user]) => [key, await person(user)]),
        ),
      ),
    });
    expect(page).toStrictEqual({
      items: [
        {
          ...common,
          actor_user_id: fixture.userIds.businessAdminA1,
          impersonator_user_id: null,
          target_type: 'user',
          target_id: 'not-a-uuid',
          correlation_id: 'people-odd',
          metadata_json: await snapshot({ actor: 'businessAdminA1' }),
          actor: await person('businessAdminA1'),
          impersonator: null,
          target_user: null,
        },
        {
          ...common,
          actor_user_id: fixture.userIds.agencyAdminA,
          impersonator_user_id: null,
          target_type: 'workspace',
          target_id: fixture.userIds.agencyUserA,
          correlation_id: 'people-ws',
          metadata_json: await snapshot({ actor: 'agencyAdminA' }),
          actor: await person('agencyAdminA'),
          impersonator: null,
          target_user: null,
        },
        {
          ...common,
          actor_user_id: null,
          impersonator_user_id: null,
          target_type: 'user',
          target_id: gone,
          correlation_id: 'people-system',
          metadata_json: {},
          actor: null,
          impersonator: null,
          target_user: null,
        },
        {
          ...common,
          actor_user_id: fixture.userIds.superAdmin,
          impersonator_user_id: fixture.userIds.superAdmin,
          target_type: 'user',
          target_id: fixture.userIds.businessAdminA1,
          correlation_id: 'people-impersonated',
          metadata_json: await snapshot({
            actor: 'superAdmin',
            impersonator: 'superAdmin',
            target_user: 'businessAdminA1',
          }),
          actor: superAdmin,
          impersonator: superAdmin,
          target_user: await person('businessAdminA1'),
        },
      ],
      next_cursor: null,
    });
    // Agency B's admin reads none of these rows, so none of these people either.
    const other = await listAuditLogs(test.db, {
      actor: actor('agencyAdminB', 'B', 'agency_admin'),
      action: ACTION_PEOPLE,
      limit: 10,
    });
    expect(other).toStrictEqual({ items: [], next_cursor: null });
  });

  it('keeps the people as they were, and names those of older rows as they are now', async () => {
    const action: AuditAction = 'user.password_reset_link';
    const write = (correlationId: string, metadata: string) =>
      test.admin.query(
        `insert into public.audit_logs
           (workspace_id, actor_user_id, action, target_type, target_id, metadata_json, correlation_id)
         values ($1, $2, $3, 'user', $4, $5::jsonb, $6)`,
        [
          fixture.workspaceIds.A1,
          fixture.userIds.agencyAdminA,
          action,
          fixture.userIds.businessUserA1,
          metadata,
          correlationId,
        ],
      );
    await write('as-it-was', '{}');
    // A row written before the snapshots (migration 021) has no people of its own.
    await write('older-row', '{"people": {}}');
    const then = [await person('agencyAdminA'), await person('businessUserA1')];
    const ids = [fixture.userIds.agencyAdminA, fixture.userIds.businessUserA1];
    await test.admin.query("update public.users set email = 'now-' || email where id = any($1)", [
      ids,
    ]);
    try {
      const now = [await person('agencyAdminA'), await person('businessUserA1')];
      const page = await listAuditLogs(test.db, {
        actor: actor('superAdmin', 'S', 'super_admin'),
        action,
        limit: 10,
      });
      const named = Object.fromEntries(
        page.items.map((item) => [item.correlation_id, [item.actor, item.target_user]]),
      );
      expect(named).toStrictEqual({ 'as-it-was': then, 'older-row': now });
    } finally {
      await test.admin.query(
        'update public.users set email = substr(email, 5) where id = any($1)',
        [ids],
      );
    }
  });

  it('filters by target, actor and time window', async () => {
    const superAdmin = actor('superAdmin', 'S', 'super_admin');
    const byTarget = await listAuditLogs(test.db, {
      actor: superAdmin,
      targetType: 'probe',
      targetId: 'B1-1',
      limit: 10,
    });
    expect(targets(byTarget.items)).toStrictEqual(['B1-1']);
    const window = await listAuditLogs(test.db, {
      actor: superAdmin,
      workspaceId: fixture.workspaceIds.B,
      actorUserId: fixture.userIds.superAdmin,
      from: '2026-03-01T10:00:01Z',
      to: '2026-03-01T10:00:04Z',
      limit: 10,
    });
    expect(new Set(targets(window.items))).toStrictEqual(new Set(['B-1', 'B-2', 'B-3']));
    expect(window.next_cursor).toBeNull();
    const nobody = await listAuditLogs(test.db, {
      actor: superAdmin,
      actorUserId: randomUUID(),
      limit: 10,
    });
    expect(nobody.items).toStrictEqual([]);
  });

  it('shows an agency admin its agency and its businesses only', async () => {
    const page = await listAuditLogs(test.db, {
      actor: actor('agencyAdminA', 'A', 'agency_admin'),
      action: ACTION,
      limit: 100,
    });
    const workspaces = new Set(page.items.map((item) => item.workspace_id));
    expect(workspaces).toStrictEqual(
      new Set([fixture.workspaceIds.A, fixture.workspaceIds.A1, fixture.workspaceIds.A2]),
    );
  });

  it.each([
    {
      who: 'business user',
      user: 'businessUserA1',
      ws: 'A1',
      role: 'business_user',
      workspace: 'A1',
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'agency manager',
      user: 'agencyManagerA',
      ws: 'A',
      role: 'agency_manager',
      workspace: undefined,
      code: 'PERMISSION_DENIED',
    },
    {
      who: 'agency admin A reading B',
      user: 'agencyAdminA',
      ws: 'A',
      role: 'agency_admin',
      workspace: 'B',
      code: 'WORKSPACE_FORBIDDEN',
    },
    {
      who: 'business admin A1 reading its agency',
      user: 'businessAdminA1',
      ws: 'A1',
      role: 'business_admin',
      workspace: 'A',
      code: 'WORKSPACE_FORBIDDEN',
    },
  ] as const)('refuses the $who: $code', async ({ user, ws, role, workspace, code }) => {
    await expect(
      listAuditLogs(test.db, {
        actor: actor(user, ws, role),
        limit: 10,
        ...(workspace === undefined ? {} : { workspaceId: fixture.workspaceIds[workspace] }),
      }),
    ).rejects.toMatchObject({ code });
  });

  it('lets a super user without capabilities read (super reads the audit trail)', async () => {
    const page = await listAuditLogs(test.db, {
      actor: actor('superUser', 'S', 'super_user'),
      action: ACTION,
      limit: 1,
    });
    expect(page.items).toHaveLength(1);
    expect(page.next_cursor).not.toBeNull();
  });

  it('answers VALIDATION_BLOCKING for a cursor it did not issue', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"t":"x","i":"y"}').toString('base64url')]) {
      await expect(
        listAuditLogs(test.db, {
          actor: actor('superAdmin', 'S', 'super_admin'),
          cursor,
          limit: 10,
        }),
      ).rejects.toMatchObject({ code: 'VALIDATION_BLOCKING' });
    }
  });
});
