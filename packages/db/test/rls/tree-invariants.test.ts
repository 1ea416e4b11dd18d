import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { tag } from './support/row-factories';
import { memberContext, memberNamed, type WorkspaceKey } from './support/tenant-fixture';
import {
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// The tenant tree is enforced by the database for every writer, service_role included:
// super -> agency -> business, one super workspace, role templates of the workspace's level,
// and custom domain hosts unique across all tenants.

const rls = setupRlsDatabase();

/** Tries to insert a workspace as service (rolled back) and returns `ok` or the SQLSTATE. */
async function createWorkspace(type: string, parent: WorkspaceKey | null): Promise<string> {
  return inRolledBackService(rls.test.db, 'rls matrix: tree invariant', async (svc) =>
    summarize(
      await attempt(
        svc,
        'insert into public.workspaces (type, parent_workspace_id, name) values ($1, $2, $3)',
        [type, parent === null ? null : rls.fixture.workspaceIds[parent], 'RLS invariant probe'],
      ),
    ),
  );
}

describe('workspace tree', () => {
  it.each([
    { type: 'business', parent: 'A', expected: 'ok' },
    { type: 'agency', parent: 'super', expected: 'ok' },
    // 23514 check_violation from the parent trigger.
    { type: 'business', parent: 'A1', expected: '23514' },
    { type: 'business', parent: 'super', expected: '23514' },
    { type: 'agency', parent: 'A', expected: '23514' },
    { type: 'agency', parent: 'A1', expected: '23514' },
    { type: 'agency', parent: null, expected: '23514' },
    // 23505: the single-super unique index.
    { type: 'super', parent: null, expected: '23505' },
  ] as const)('a $type under $parent: $expected', async ({ type, parent, expected }) => {
    expect(await createWorkspace(type, parent)).toBe(expected);
  });

  it('refuses moving a business under a business or turning a parent agency into a business', async () => {
    const result = await inRolledBackService(
      rls.test.db,
      'rls matrix: tree moves',
      async (svc) => ({
        reparent: summarize(
          await attempt(
            svc,
            'update public.workspaces set parent_workspace_id = $1 where id = $2',
            [rls.fixture.workspaceIds.B1, rls.fixture.workspaceIds.A1],
          ),
        ),
        retype: summarize(
          await attempt(
            svc,
            "update public.workspaces set type = 'business', parent_workspace_id = $1 where id = $2",
            [rls.fixture.workspaceIds.B, rls.fixture.workspaceIds.A],
          ),
        ),
      }),
    );
    expect(result).toStrictEqual({ reparent: '23514', retype: '23514' });
  });

  it.each([
    { role: 'agency_admin', workspace: 'A1' },
    { role: 'business_user', workspace: 'A' },
    { role: 'super_user', workspace: 'B1' },
    { role: 'business_admin', workspace: 'super' },
  ] as const)(
    'refuses a $role membership in $workspace (role of another level)',
    async ({ role, workspace }) => {
      const outcome = await inRolledBackService(
        rls.test.db,
        'rls matrix: membership scope',
        async (svc) => {
          const { rows } = await svc.query<{ id: string }>(
            "insert into public.users (email, status) values ($1, 'active') returning id",
            [`rls-scope-${tag()}@example.test`],
          );
          return attempt(
            svc,
            'insert into public.workspace_memberships (workspace_id, user_id, role_template) values ($1, $2, $3)',
            [rls.fixture.workspaceIds[workspace], rows[0]?.id, role],
          );
        },
      );
      expect(summarize(outcome)).toBe('23514');
    },
  );
});

describe('workspace_domains.host', () => {
  it('is unique across tenants, also for a domains.manage holder of another tree', async () => {
    const host = `rls-${tag()}.example.test`;
    await rls.test.db.withService('rls matrix: domain of A1', (svc) =>
      svc.query(
        'insert into public.workspace_domains (workspace_id, host, verification_token) values ($1, $2, $3)',
        [rls.fixture.workspaceIds.A1, host, 'a'.repeat(32)],
      ),
    );
    const insertInto =
      (workspaceId: string, candidate: string) => async (tx: Parameters<typeof attempt>[0]) =>
        summarize(
          await attempt(
            tx,
            'insert into public.workspace_domains (workspace_id, host, verification_token) values ($1, $2, $3)',
            [workspaceId, candidate, 'b'.repeat(32)],
          ),
        );
    const b1Admin = memberContext(rls.fixture, memberNamed('B1.business_admin'));
    expect({
      service: await inRolledBackService(
        rls.test.db,
        'rls matrix: duplicate host',
        insertInto(rls.fixture.workspaceIds.B1, host),
      ),
      tenantB: await inRolledBackWorkspace(
        rls.test.db,
        b1Admin,
        insertInto(rls.fixture.workspaceIds.B1, host),
      ),
      // Hosts are stored lower-case, so a case variant cannot slip past the unique key.
      upperCase: await inRolledBackService(
        rls.test.db,
        'rls matrix: case variant',
        insertInto(rls.fixture.workspaceIds.B1, host.toUpperCase()),
      ),
    }).toStrictEqual({ service: '23505', tenantB: '23505', upperCase: '23514' });
  });
});
