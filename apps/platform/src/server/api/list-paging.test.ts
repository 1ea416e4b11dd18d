import { beforeAll, describe, expect, it } from 'vitest';
import type { Page as SdkPage } from '@aiconnected/sdk-contracts';
import { as, expectError, setupRoleTreeApiTest, type MemberLabel } from '@/server/api/testing';

/** Any list's page, read by its item ids (a user's is its membership's). */
type Page = SdkPage<{ id: string; membership_id?: string }>;

const { setup, call } = setupRoleTreeApiTest();
const get = (who: MemberLabel, path: string) => call(who, 'GET', path);

async function page(who: MemberLabel, path: string): Promise<Page> {
  const response = await get(who, path);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
}

/** Every item of a list, following `next_cursor` with `limit` per page. */
async function walk(who: MemberLabel, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  const join = path.includes('?') ? '&' : '?';
  do {
    const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const next: Page = await page(who, `${path}${join}limit=${limit}${after}`);
    expect(next.items.length).toBeLessThanOrEqual(limit);
    ids.push(...next.items.map((item) => item.membership_id ?? item.id));
    cursor = next.next_cursor;
  } while (cursor !== null);
  return ids;
}

const CURSOR_ISSUE = {
  issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
};

beforeAll(async () => {
  const { admin } = setup.database;
  // Equal sort keys: five agencies, each with a business of the same name; seven memberships
  // of one business created at the same instant.
  for (let i = 0; i < 5; i += 1) {
    const agency = await admin.query<{ id: string }>(
      "insert into public.workspaces (type, parent_workspace_id, name) values ('agency', $1, $2) returning id",
      [setup.tree.workspaces.S.id, `Paging Agency ${i} ${setup.tree.tag}`],
    );
    await admin.query(
      "insert into public.workspaces (type, parent_workspace_id, name) values ('business', $1, $2)",
      [agency.rows[0]?.id, `Twin ${setup.tree.tag}`],
    );
  }
  await admin.query(
    `with u as (
       insert into public.users (email, status)
       select 'paging-' || g || '-' || $2 || '@example.test', 'active' from generate_series(1, 7) g
       returning id)
     insert into public.workspace_memberships (workspace_id, user_id, role_template, created_at)
     select $1, u.id, 'business_user', '2026-01-02T03:04:05.123456Z' from u`,
    [setup.tree.workspaces.A1.id, setup.tree.tag],
  );
  // Three pending invitations in A2.
  for (let i = 0; i < 3; i += 1) {
    const invited = await setup.api.request(
      '/api/memberships',
      as(setup.tokens['A.agency_admin'], 'POST', {
        workspace_id: setup.tree.workspaces.A2.id,
        email: `paging-invite-${i}-${setup.tree.tag}@example.test`,
        role_template: 'business_user',
      }),
    );
    expect(invited.status, await invited.clone().text()).toBe(201);
  }
  // Audit rows at one instant in the agency and its businesses: the agency's page merges them.
  await admin.query(
    `insert into public.audit_logs (workspace_id, action, target_type, created_at)
     select w, 'membership.update', 'membership', '2026-01-02T03:04:05.123456Z'
       from unnest($1::uuid[]) w cross join generate_series(1, 3)`,
    [[setup.tree.workspaces.A.id, setup.tree.workspaces.A1.id, setup.tree.workspaces.A2.id]],
  );
});

describe('list paging', () => {
  it('walks every list page by page in the order of one full page, without repeats or gaps', async () => {
    const lists: [MemberLabel, string][] = [
      ['S.super_admin', '/workspaces'],
      ['A.agency_admin', '/workspaces'],
      ['A.agency_admin', `/memberships?workspace_id=${setup.tree.workspaces.A1.id}`],
      ['A.agency_admin', `/users?workspace_id=${setup.tree.workspaces.A1.id}`],
      ['S.super_admin', '/audit-logs'],
      ['A.agency_admin', '/audit-logs'],
      ['A.agency_admin', `/audit-logs?workspace_id=${setup.tree.workspaces.A1.id}`],
      ['A.agency_admin', `/invitations?workspace_id=${setup.tree.workspaces.A2.id}`],
    ];
    for (const [who, path] of lists) {
      const join = path.includes('?') ? '&' : '?';
      const whole = await page(who, `${path}${join}limit=200`);
      expect(whole.next_cursor).toBeNull();
      expect(whole.items.length, `${who} ${path}`).toBeGreaterThanOrEqual(3);
      const all = whole.items.map((item) => item.membership_id ?? item.id);
      expect(await walk(who, path, 2), `${who} ${path}`).toStrictEqual(all);
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('pages across equal sort keys: same-named workspaces, memberships created at one instant', async () => {
    const workspaces = await walk('S.super_admin', `/workspaces?type=business`, 1);
    const twins = (await page('S.super_admin', '/workspaces?type=business&limit=200')).items;
    expect(twins.length).toBeGreaterThanOrEqual(8);
    expect(workspaces).toStrictEqual(twins.map((item) => item.id));
    const memberships = await walk(
      'A.agency_admin',
      `/memberships?workspace_id=${setup.tree.workspaces.A1.id}`,
      3,
    );
    expect(memberships).toHaveLength(10);
    expect(new Set(memberships).size).toBe(10);
    const audit = await walk('A.agency_admin', '/audit-logs', 2);
    expect(audit.length).toBeGreaterThanOrEqual(9);
    expect(new Set(audit).size).toBe(audit.length);
  });

  it('answers 50 items by default and refuses a limit out of 1..200', async () => {
    const first = await page('S.super_admin', '/workspaces?limit=3');
    expect(first.items).toHaveLength(3);
    expect(first.next_cursor).toEqual(expect.any(String));
    for (const limit of ['0', '201', 'ten']) {
      const response = await get('S.super_admin', `/workspaces?limit=${limit}`);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_BLOCKING',
      );
    }
  });

  it('refuses a malformed cursor and a cursor of another list, changing nothing', async () => {
    const workspacesCursor = (await page('S.super_admin', '/workspaces?limit=1')).next_cursor ?? '';
    const membershipsCursor =
      (
        await page(
          'A.agency_admin',
          `/memberships?workspace_id=${setup.tree.workspaces.A1.id}&limit=1`,
        )
      ).next_cursor ?? '';
    const tampered = Buffer.from(
      JSON.stringify({ l: 'workspaces', v: ['1', 'x', 'not-a-uuid'] }),
    ).toString('base64url');
    const refused: [MemberLabel, string][] = [
      ['S.super_admin', '/workspaces?cursor=not-a-cursor'],
      ['S.super_admin', `/workspaces?cursor=${tampered}`],
      ['S.super_admin', `/workspaces?cursor=${membershipsCursor}`],
      [
        'A.agency_admin',
        `/memberships?workspace_id=${setup.tree.workspaces.A1.id}&cursor=${workspacesCursor}`,
      ],
      [
        'A.agency_admin',
        `/users?workspace_id=${setup.tree.workspaces.A1.id}&cursor=${workspacesCursor}`,
      ],
      ['S.super_admin', `/audit-logs?cursor=${workspacesCursor}`],
      [
        'A.agency_admin',
        `/invitations?workspace_id=${setup.tree.workspaces.A2.id}&cursor=${membershipsCursor}`,
      ],
    ];
    for (const [who, path] of refused) {
      await expectError(await get(who, path), 'VALIDATION_BLOCKING', CURSOR_ISSUE);
    }
  });
});
