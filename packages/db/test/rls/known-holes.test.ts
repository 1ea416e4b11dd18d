import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow } from './support/rows';
import {
  createUser,
  memberContext,
  memberNamed,
  only,
  seedTenantTrees,
  userIdOf,
  type TenantFixture,
} from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// Policy holes found while writing the matrix (migrations 012/015 as of 016). Each test
// states the safe behaviour and is marked `it.fails` because the current SQL still allows
// the write: the suite stays green and the hole stays visible. When a corrective migration
// closes a hole, its test starts failing: change `it.fails` to `it`.

let test: TestDatabase;
let fixture: TenantFixture;

beforeAll(async () => {
  test = await createTestDatabase();
  fixture = await seedTenantTrees(test.db);
});
afterAll(async () => {
  await test.drop();
});

const a1Admin = memberNamed('A1.business_admin');
const a1Manager = memberNamed('A1.business_manager');
const a1User = memberNamed('A1.business_user');

/** `0 rows` or a refusal: what a write the policies should block may return. */
const REFUSED = /^(ok:0|42501|23514)$/;

describe('workspace_domains: verification can be skipped (015 says the challenge always comes first, PRD §25.3)', () => {
  it.fails('a domains.manage holder cannot mark its own pending domain verified', async () => {
    const outcome = await inRolledBackWorkspace(
      test.db,
      memberContext(fixture, a1Admin),
      async (tx) => {
        const id = await asService(tx, (svc) =>
          insertRow(svc, 'workspace_domains', {
            workspace_id: fixture.workspaceIds.A1,
            host: 'pending.example.test',
            verification_token: 'c'.repeat(32),
          }),
        );
        return attempt(
          tx,
          "update public.workspace_domains set status = 'verified', verified_at = now() where id = $1",
          [id],
        );
      },
    );
    expect(summarize(outcome, true)).toMatch(REFUSED);
  });

  it.fails('a verified domain cannot be re-pointed to another host and stay verified', async () => {
    const outcome = await inRolledBackWorkspace(
      test.db,
      memberContext(fixture, a1Admin),
      async (tx) => {
        const id = await asService(tx, (svc) =>
          insertRow(svc, 'workspace_domains', {
            workspace_id: fixture.workspaceIds.A1,
            host: 'proven.example.test',
            verification_token: 'd'.repeat(32),
            status: 'verified',
            verified_at: new Date(),
          }),
        );
        return attempt(
          tx,
          "update public.workspace_domains set host = 'someone-elses.example.com' where id = $1",
          [id],
        );
      },
    );
    expect(summarize(outcome, true)).toMatch(REFUSED);
  });
});

describe('capability escalation by users.manage / users.invite holders', () => {
  /** The id of A1.business_user's membership. */
  const userMembership = (tx: Parameters<typeof asService>[0]) =>
    asService(tx, async (svc) => {
      const { rows } = await svc.query<{ id: string }>(
        'select id from public.workspace_memberships where user_id = $1',
        [userIdOf(fixture, a1User)],
      );
      return only(rows).id;
    });

  it.fails(
    'a business_manager cannot grant another member a capability it does not hold itself (settings.manage)',
    async () => {
      const outcome = await inRolledBackWorkspace(
        test.db,
        memberContext(fixture, a1Manager),
        async (tx) => {
          const membershipId = await userMembership(tx);
          return attempt(
            tx,
            `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
         select $1, $2, id, true from public.permissions where code = 'settings.manage'`,
            [membershipId, fixture.workspaceIds.A1],
          );
        },
      );
      expect(summarize(outcome, true)).toMatch(REFUSED);
    },
  );

  it.fails('a business_manager cannot promote a member to business_admin', async () => {
    const outcome = await inRolledBackWorkspace(
      test.db,
      memberContext(fixture, a1Manager),
      async (tx) => {
        const membershipId = await userMembership(tx);
        return attempt(
          tx,
          "update public.workspace_memberships set role_template = 'business_admin' where id = $1",
          [membershipId],
        );
      },
    );
    expect(summarize(outcome, true)).toMatch(REFUSED);
  });
});

describe('suspension is undone by the suspended tenant', () => {
  it.fails(
    'a business_admin cannot reactivate its business after its agency suspended it',
    async () => {
      const outcome = await inRolledBackWorkspace(
        test.db,
        memberContext(fixture, a1Admin),
        async (tx) => {
          await asService(tx, (svc) =>
            svc.query("update public.workspaces set status = 'suspended' where id = $1", [
              fixture.workspaceIds.A1,
            ]),
          );
          return attempt(tx, "update public.workspaces set status = 'active' where id = $1", [
            fixture.workspaceIds.A1,
          ]);
        },
      );
      expect(summarize(outcome, true)).toMatch(REFUSED);
    },
  );
});

describe('branding asset scanning can be skipped', () => {
  it.fails('a branding.edit holder cannot mark its own upload clean and activate it', async () => {
    const outcome = await inRolledBackWorkspace(
      test.db,
      memberContext(fixture, a1Manager),
      async (tx) => {
        const id = await asService(tx, (svc) =>
          insertRow(svc, 'branding_assets', {
            workspace_id: fixture.workspaceIds.A1,
            asset_type: 'logo',
            storage_path: 'rls/unscanned.svg',
            mime_type: 'image/svg+xml',
            size_bytes: 10,
          }),
        );
        return attempt(
          tx,
          "update public.branding_assets set scan_status = 'clean', uploaded_at = now(), active = true where id = $1",
          [id],
        );
      },
    );
    expect(summarize(outcome, true)).toMatch(REFUSED);
  });
});

describe('super does not see every user', () => {
  it.fails('a super_admin sees a user that has no membership (yet)', async () => {
    const superAdmin = memberNamed('super.super_admin');
    const seen = await inRolledBackWorkspace(
      test.db,
      memberContext(fixture, superAdmin),
      async (tx) => {
        const orphan = await asService(tx, (svc) => createUser(svc, 'orphan'));
        return (await tx.query('select id from public.users where id = $1', [orphan])).rowCount;
      },
    );
    expect(seen).toBe(1);
  });
});
