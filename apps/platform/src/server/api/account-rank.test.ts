import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { as, correlationIdOf, setupRoleTreeApiTest, snapshotTables } from '@/server/api/testing';

// The rank of an account counts every membership it holds, not only the ones the actor sees,
// and everything each holds (role and allow overrides): a business_user of A1 who accepted
// agency_admin in B or super_admin in S, or who holds billing.manage / settings.manage, is
// out of reach of A1's business admin and manager (no suspension, address change, reset link
// or profile edit: an account takeover otherwise). A guest business_user membership elsewhere
// changes nothing.

type Extra = 'guest agency_admin of B' | 'guest super_admin of S' | 'guest business_user of B1';
type Override = 'billing.manage' | 'settings.manage';

const { setup } = setupRoleTreeApiTest();
const accounts = {} as Record<Extra | Override, string>;

/** A business_user of A1 (governing membership) with an optional guest membership or override. */
async function seedAccount(
  name: string,
  guest: { workspaceId: string; role: string } | null,
  override: string | null,
): Promise<string> {
  const { admin } = setup.database;
  const email = `${name.replace(/[^a-z]+/gi, '-')}-${randomBytes(3).toString('hex')}@example.test`;
  const user = await admin.query<{ id: string }>(
    "insert into public.users (email, display_name, status) values ($1, 'Ranked', 'active') returning id",
    [email],
  );
  const id = user.rows[0]?.id ?? '';
  const home = await admin.query<{ id: string }>(
    `insert into public.workspace_memberships (workspace_id, user_id, role_template)
     values ($1, $2, 'business_user') returning id`,
    [setup.tree.workspaces.A1.id, id],
  );
  if (guest !== null)
    await admin.query(
      `insert into public.workspace_memberships (workspace_id, user_id, role_template, governs_account)
       values ($1, $2, $3, false)`,
      [guest.workspaceId, id, guest.role],
    );
  if (override !== null)
    await admin.query(
      `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
       select $1, $2, p.id, true from public.permissions p where p.code = $3`,
      [home.rows[0]?.id, setup.tree.workspaces.A1.id, override],
    );
  return id;
}

beforeAll(async () => {
  const { B, B1, S } = setup.tree.workspaces;
  accounts['guest agency_admin of B'] = await seedAccount(
    'agency',
    { workspaceId: B.id, role: 'agency_admin' },
    null,
  );
  accounts['guest super_admin of S'] = await seedAccount(
    'super',
    { workspaceId: S.id, role: 'super_admin' },
    null,
  );
  accounts['guest business_user of B1'] = await seedAccount(
    'business',
    { workspaceId: B1.id, role: 'business_user' },
    null,
  );
  accounts['billing.manage'] = await seedAccount('billing', null, 'billing.manage');
  accounts['settings.manage'] = await seedAccount('settings', null, 'settings.manage');
});

const OPERATIONS = [
  {
    name: 'PATCH /users/{id} status',
    request: (id: string) => ['PATCH', `/users/${id}`, { status: 'suspended' }] as const,
  },
  {
    name: 'PATCH /users/{id}/email',
    request: (id: string) =>
      [
        'PATCH',
        `/users/${id}/email`,
        { new_email: `takeover-${randomBytes(3).toString('hex')}@example.test` },
      ] as const,
  },
  {
    name: 'POST /users/{id}/password-reset-link',
    request: (id: string) => ['POST', `/users/${id}/password-reset-link`, undefined] as const,
  },
  {
    name: 'PATCH /users/{id} profile',
    request: (id: string) =>
      ['PATCH', `/users/${id}`, { profile: { display_name: 'Taken Over' } }] as const,
  },
];

const PROTECTED: readonly {
  actor: 'A1.business_admin' | 'A1.business_manager';
  target: Extra | Override;
}[] = [
  { actor: 'A1.business_admin', target: 'guest agency_admin of B' },
  { actor: 'A1.business_admin', target: 'guest super_admin of S' },
  { actor: 'A1.business_manager', target: 'guest agency_admin of B' },
  { actor: 'A1.business_manager', target: 'guest super_admin of S' },
  { actor: 'A1.business_manager', target: 'billing.manage' },
  { actor: 'A1.business_manager', target: 'settings.manage' },
];

describe.each(PROTECTED)('$actor aimed at the business_user with $target', ({ actor, target }) => {
  it.each(OPERATIONS)(
    '$name is PERMISSION_DENIED role_not_manageable, nothing changes',
    async (operation) => {
      const before = await snapshotTables(setup.database);
      const id = accounts[target];
      const [method, path, body] = operation.request(id);
      const response = await setup.api.request(
        `/api${path}`,
        as(setup.tokens[actor], method, body),
      );
      expect(await response.json()).toStrictEqual({
        error: {
          code: 'PERMISSION_DENIED',
          message: 'You cannot manage someone with more rights than your own.',
          details: { user_id: id, reason: 'role_not_manageable' },
          correlation_id: correlationIdOf(response),
        },
      });
      expect(response.status).toBe(403);
      expect(await snapshotTables(setup.database)).toStrictEqual(before);
    },
  );

  it('lists the account without any action on it', async () => {
    const response = await setup.api.request(
      `/api/users?workspace_id=${setup.tree.workspaces.A1.id}&limit=200`,
      as(setup.tokens[actor], 'GET'),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { id: string; allowed_actions: string[] }[] };
    expect(body.items.find((item) => item.id === accounts[target])?.allowed_actions).toStrictEqual(
      [],
    );
  });
});

describe('a guest business_user membership elsewhere does not protect the account', () => {
  it.each(['A1.business_admin', 'A1.business_manager'] as const)(
    '%s edits the profile',
    async (actor) => {
      const id = accounts['guest business_user of B1'];
      const response = await setup.api.request(
        `/api/users/${id}`,
        as(setup.tokens[actor], 'PATCH', { profile: { display_name: `Renamed by ${actor}` } }),
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const { rows } = await setup.database.admin.query(
        'select display_name from public.users where id = $1',
        [id],
      );
      expect(rows).toStrictEqual([{ display_name: `Renamed by ${actor}` }]);
    },
  );
});
