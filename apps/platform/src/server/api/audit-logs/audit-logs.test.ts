import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditLogEntry, type AuditLogPage } from '@aiconnected/sdk-contracts';
import {
  as,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  type MemberLabel,
} from '@/server/api/testing';

const { setup, ws, member, call } = setupRoleTreeApiTest();
/** The correlation ids of the privileged actions taken in `beforeAll`, by name. */
const acted: Record<string, string> = {};

/** A seeded member as an audit entry names them. */
const person = (label: MemberLabel, displayName = member(label).displayName) => ({
  id: member(label).id,
  email: member(label).email,
  display_name: displayName,
});

async function page(who: MemberLabel, query: string): Promise<AuditLogPage> {
  const response = await call(who, 'GET', `/audit-logs?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as AuditLogPage;
}

beforeAll(async () => {
  // One privileged action in each tree and one on the platform.
  const actions = [
    [
      'agencyCreate',
      'S.super_admin',
      'POST',
      '/workspaces',
      { type: 'agency', name: `Audit Agency ${setup.tree.tag}` },
    ],
    [
      'renameA1',
      'A1.business_admin',
      'PATCH',
      `/workspaces/${ws('A1').id}`,
      { name: `Audited Dental ${setup.tree.tag}` },
    ],
    [
      'renameB1',
      'B1.business_admin',
      'PATCH',
      `/workspaces/${ws('B1').id}`,
      { name: `Audited Fitness ${setup.tree.tag}` },
    ],
    [
      'childA',
      'A.agency_admin',
      'POST',
      `/workspaces/${ws('A').id}/children`,
      { name: `Audit Child ${setup.tree.tag}`, child_type: 'business' },
    ],
  ] as const;
  for (const [name, who, method, path, body] of actions) {
    const response = await call(who, method, path, body);
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    acted[name] = correlationIdOf(response);
  }
});

describe('GET /api/audit-logs', () => {
  it('returns each privileged action with the correlation id of its response', async () => {
    const { items, next_cursor } = await page(
      'S.super_admin',
      'action=workspace.create&target_type=workspace',
    );
    expect(next_cursor).toBeNull();
    const created = items.find((item) => item.correlation_id === acted.agencyCreate);
    expect(created).toStrictEqual({
      id: expect.any(String),
      workspace_id: ws('S').id,
      actor_user_id: member('S.super_admin').id,
      impersonator_user_id: null,
      action: 'workspace.create',
      target_type: 'workspace',
      target_id: expect.any(String),
      metadata_json: {
        type: 'agency',
        name: `Audit Agency ${setup.tree.tag}`,
        slug: `audit-agency-${setup.tree.tag}`,
        parent_workspace_id: ws('S').id,
        people: { actor: person('S.super_admin') },
      },
      correlation_id: acted.agencyCreate,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      actor: person('S.super_admin'),
      impersonator: null,
      target_user: null,
    });
  });

  it('pages newest first through next_cursor without repeating a row', async () => {
    const seen: AuditLogEntry[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const next = await page('S.super_admin', query);
      seen.push(...next.items);
      cursor = next.next_cursor;
    } while (cursor !== null);
    const all = await page('S.super_admin', 'limit=200');
    expect(seen.map((item) => item.id)).toStrictEqual(all.items.map((item) => item.id));
    expect(new Set(seen.map((item) => item.id)).size).toBe(seen.length);
    // Sign-ins are audited too: at least one per seeded member, plus the four actions.
    expect(seen.length).toBeGreaterThanOrEqual(Object.keys(setup.tree.members).length + 4);
  });

  it('shows an agency admin its agency and businesses, and filters by actor, workspace and time', async () => {
    const agency = await page('A.agency_admin', 'limit=200');
    const workspaces = new Set(agency.items.map((item) => item.workspace_id));
    expect(workspaces.has(ws('A1').id)).toBe(true);
    expect(
      workspaces.has(ws('B1').id) || workspaces.has(ws('B').id) || workspaces.has(ws('S').id),
    ).toBe(false);

    const byActor = await page(
      'A.agency_admin',
      `actor_user_id=${member('A1.business_admin').id}&action=workspace.rename`,
    );
    expect(byActor.items.map((item) => item.correlation_id)).toStrictEqual([acted.renameA1]);
    const ownOnly = await page(
      'B1.business_admin',
      `workspace_id=${ws('B1').id}&action=workspace.rename`,
    );
    expect(ownOnly.items.map((item) => item.correlation_id)).toStrictEqual([acted.renameB1]);
    const future = await page('S.super_admin', 'from=2999-01-01T00:00:00Z');
    expect(future).toStrictEqual({ items: [], next_cursor: null });
    const past = await page('S.super_admin', 'to=2000-01-01T00:00:00Z');
    expect(past).toStrictEqual({ items: [], next_cursor: null });
  });

  it('lets super members without settings.manage read too', async () => {
    const { items } = await page(
      'S.super_manager',
      `workspace_id=${ws('B1').id}&action=workspace.rename`,
    );
    expect(items.map((item) => item.correlation_id)).toStrictEqual([acted.renameB1]);
  });

  it('refuses callers without settings.manage, workspaces out of scope and foreign cursors', async () => {
    await expectError(await call('A1.business_user', 'GET', '/audit-logs'), 'PERMISSION_DENIED', {
      required_permission: 'settings.manage',
    });
    await expectError(
      await call('A.agency_manager', 'GET', `/audit-logs?workspace_id=${ws('A1').id}`),
      'PERMISSION_DENIED',
      {
        required_permission: 'settings.manage',
      },
    );
    await expectError(
      await call('A.agency_admin', 'GET', `/audit-logs?workspace_id=${ws('B').id}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('B').id,
      },
    );
    await expectError(
      await call('A1.business_admin', 'GET', `/audit-logs?workspace_id=${ws('A').id}`),
      'WORKSPACE_FORBIDDEN',
      {
        workspace_id: ws('A').id,
      },
    );
    await expectError(
      await call('S.super_admin', 'GET', '/audit-logs?cursor=bm90LWEtY3Vyc29y'),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
      },
    );
    await expectError(
      await call('S.super_admin', 'GET', '/audit-logs?limit=0'),
      'VALIDATION_BLOCKING',
      {
        issues: [{ path: 'query.limit', message: 'Too small: expected number to be >=1' }],
      },
    );
    await expectError(await setup.api.request('/api/audit-logs'), 'AUTH_REQUIRED');
  });
});

describe('audit of writes while impersonating', () => {
  it('names the real user and both workspaces', async () => {
    const token = setup.tokens['A.agency_admin'];
    const started = await setup.api.request(
      '/api/auth/impersonation/start',
      as(token, 'POST', {
        target_workspace_id: ws('A2').id,
        reason: 'Fix the bakery name for the owner',
      }),
    );
    expect(started.status, await started.clone().text()).toBe(200);
    const renamed = await setup.api.request(
      `/api/workspaces/${ws('A2').id}`,
      as(token, 'PATCH', { name: `Bakery Fixed ${setup.tree.tag}` }),
    );
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const stopped = await setup.api.request('/api/auth/impersonation/stop', as(token, 'POST'));
    expect(stopped.status).toBe(200);

    const { items } = await page(
      'A.agency_admin',
      `workspace_id=${ws('A2').id}&action=workspace.rename`,
    );
    expect(items).toMatchObject([
      {
        actor_user_id: member('A.agency_admin').id,
        impersonator_user_id: member('A.agency_admin').id,
        correlation_id: correlationIdOf(renamed),
        metadata_json: {
          to: `Bakery Fixed ${setup.tree.tag}`,
          impersonation: {
            actor_user_id: member('A.agency_admin').id,
            actor_workspace_id: ws('A').id,
            target_workspace_id: ws('A2').id,
          },
        },
      },
    ]);
  });
});

describe('people named by audit entries', () => {
  it('names a super operator who impersonated and the user they changed, to the agency admin too', async () => {
    const token = setup.tokens['S.super_admin'];
    const started = await setup.api.request(
      '/api/auth/impersonation/start',
      as(token, 'POST', { target_workspace_id: ws('A1').id, reason: 'Fix a member name' }),
    );
    expect(started.status, await started.clone().text()).toBe(200);
    const renamed = await setup.api.request(
      `/api/users/${member('A1.business_user').id}`,
      as(token, 'PATCH', { profile: { display_name: `Dana ${setup.tree.tag}` } }),
    );
    expect(renamed.status, await renamed.clone().text()).toBe(200);
    const stopped = await setup.api.request('/api/auth/impersonation/stop', as(token, 'POST'));
    expect(stopped.status).toBe(200);

    // The super operator is no member of A or A1: the users list of A1 does not name them.
    const users = await call('A.agency_admin', 'GET', `/users?workspace_id=${ws('A1').id}`);
    const listed = ((await users.json()) as { items: { id: string }[] }).items.map((u) => u.id);
    expect(listed).not.toContain(member('S.super_admin').id);

    const expected = {
      id: expect.any(String),
      workspace_id: ws('A1').id,
      actor_user_id: member('S.super_admin').id,
      impersonator_user_id: member('S.super_admin').id,
      action: 'user.profile_update',
      target_type: 'user',
      target_id: member('A1.business_user').id,
      metadata_json: {
        display_name: { from: 'User A1.business_user', to: `Dana ${setup.tree.tag}` },
        people: {
          actor: person('S.super_admin'),
          impersonator: person('S.super_admin'),
          target_user: person('A1.business_user', `Dana ${setup.tree.tag}`),
        },
        impersonation: {
          actor_user_id: member('S.super_admin').id,
          actor_workspace_id: ws('S').id,
          target_workspace_id: ws('A1').id,
        },
      },
      correlation_id: correlationIdOf(renamed),
      created_at: expect.any(String),
      actor: person('S.super_admin'),
      impersonator: person('S.super_admin'),
      target_user: person('A1.business_user', `Dana ${setup.tree.tag}`),
    };
    for (const reader of ['A.agency_admin', 'S.super_admin'] as const) {
      expect(
        await page(reader, `workspace_id=${ws('A1').id}&action=user.profile_update`),
        reader,
      ).toStrictEqual({ items: [expected], next_cursor: null });
    }
    // Agency B's admin reads none of A1's entries, so none of their people either.
    await expectError(
      await call('B.agency_admin', 'GET', `/audit-logs?workspace_id=${ws('A1').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    const own = await page('B.agency_admin', 'action=user.profile_update');
    expect(own).toStrictEqual({ items: [], next_cursor: null });
  });
});

describe('history as it was', () => {
  it('names the people of an entry as they were, and whose role changed from what to what', async () => {
    const changed = await call(
      'A.agency_admin',
      'PATCH',
      `/memberships/${member('A2.business_user').membershipId}`,
      { role_template: 'business_manager' },
    );
    expect(changed.status, await changed.clone().text()).toBe(200);
    const before = { actor: person('A.agency_admin'), target: person('A2.business_user') };
    // Both people change their address afterwards.
    await setup.database.admin.query(
      "update public.users set email = 'later-' || email where id = any($1::uuid[])",
      [[member('A.agency_admin').id, member('A2.business_user').id]],
    );
    try {
      const { items } = await page(
        'S.super_admin',
        `workspace_id=${ws('A2').id}&action=membership.update`,
      );
      expect(items).toStrictEqual([
        {
          id: expect.any(String),
          workspace_id: ws('A2').id,
          actor_user_id: member('A.agency_admin').id,
          impersonator_user_id: null,
          action: 'membership.update',
          target_type: 'membership',
          target_id: member('A2.business_user').membershipId,
          metadata_json: expect.objectContaining({
            user_id: member('A2.business_user').id,
            role_template: { from: 'business_user', to: 'business_manager' },
            people: { actor: before.actor, target_user: before.target },
          }),
          correlation_id: correlationIdOf(changed),
          created_at: expect.any(String),
          actor: before.actor,
          impersonator: null,
          target_user: before.target,
        },
      ]);
    } finally {
      await setup.database.admin.query(
        'update public.users set email = substr(email, 7) where id = any($1::uuid[])',
        [[member('A.agency_admin').id, member('A2.business_user').id]],
      );
    }
  });

  it('lists an impersonation start and stop once where both copies are visible', async () => {
    const token = setup.tokens['A.agency_admin'];
    const started = await setup.api.request(
      '/api/auth/impersonation/start',
      as(token, 'POST', { target_workspace_id: ws('A1').id, reason: 'Check the dental settings' }),
    );
    expect(started.status, await started.clone().text()).toBe(200);
    const stopped = await setup.api.request('/api/auth/impersonation/stop', as(token, 'POST'));
    expect(stopped.status).toBe(200);
    const ids = [correlationIdOf(started), correlationIdOf(stopped)];
    const seen = (items: AuditLogEntry[]) =>
      items
        .filter((item) => item.correlation_id !== null && ids.includes(item.correlation_id))
        .map((item) => [item.action, item.workspace_id]);

    // Written in the agency and in the business, so each one's admins see it ...
    const { rows } = await setup.database.admin.query(
      'select action, workspace_id from public.audit_logs where correlation_id = any($1) order by action, workspace_id',
      [ids],
    );
    expect(rows).toHaveLength(4);
    // ... and read once by the agency admin, who sees both, as the agency's copy.
    const once = [
      ['impersonation.stop', ws('A').id],
      ['impersonation.start', ws('A').id],
    ];
    expect(seen((await page('A.agency_admin', 'limit=200')).items)).toStrictEqual(once);
    expect(seen((await page('S.super_admin', 'limit=200')).items)).toStrictEqual(once);
    // One workspace's log still holds its own copy.
    expect(
      seen((await page('A1.business_admin', `workspace_id=${ws('A1').id}`)).items),
    ).toStrictEqual([
      ['impersonation.stop', ws('A1').id],
      ['impersonation.start', ws('A1').id],
    ]);
  });

  it('filters by an action the product records, and refuses any other', async () => {
    const renames = await page('S.super_admin', 'action=workspace.rename&limit=200');
    expect(renames.items.length).toBeGreaterThan(0);
    expect(new Set(renames.items.map((item) => item.action))).toStrictEqual(
      new Set(['workspace.rename']),
    );
    await expectError(
      await call('S.super_admin', 'GET', '/audit-logs?action=workspace.renamed'),
      'VALIDATION_BLOCKING',
      {
        issues: [
          {
            path: 'query.action',
            message: `Invalid option: expected one of ${AUDIT_ACTIONS.map((a) => `"${a}"`).join('|')}`,
          },
        ],
      },
    );
  });

  it('refuses a "from" later than "to"', async () => {
    await expectError(
      await call(
        'S.super_admin',
        'GET',
        '/audit-logs?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      ),
      'VALIDATION_BLOCKING',
      { issues: [{ path: 'query.from', message: 'Must not be later than `to`' }] },
      'The start of the period must not be later than its end.',
    );
  });
});
