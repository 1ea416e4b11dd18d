import { seedUser } from '@aiconnected/db/testing';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { memberContext, memberNamed, userIdOf } from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// 017: users are global rows. A super member acting in the super workspace (platform
// scope) reads every user, also one without any membership (e.g. invited, not yet placed);
// changing such a user needs the platform permission users.manage. Nobody changes an e-mail
// through request code: the verification flow, run by the service, does.

const rls = setupRlsDatabase();

/**
 * As `label` (acting in `workspace`, default its home): creates a user without membership
 * (as service), then reports whether the member sees it and what renaming it did.
 */
async function probeOrphan(label: string, workspace?: 'A') {
  const member = memberNamed(label);
  const overrides = workspace ? { workspace_id: rls.fixture.workspaceIds[workspace] } : {};
  return inRolledBackWorkspace(
    rls.test.db,
    memberContext(rls.fixture, member, overrides),
    async (tx) => {
      const { id: orphan } = await asService(tx, (svc) => seedUser(svc, { handle: 'rls-orphan' }));
      const seen = await tx.query('select id from public.users where id = $1', [orphan]);
      const rename = await attempt(
        tx,
        "update public.users set display_name = 'Placed' where id = $1",
        [orphan],
      );
      return { sees: seen.rowCount === 1, rename: summarize(rename, true) };
    },
  );
}

describe('a user without membership', () => {
  it.each([
    { label: 'super.super_admin', expected: { sees: true, rename: 'ok:1' } },
    { label: 'super.super_manager', expected: { sees: true, rename: 'ok:1' } },
    // Reads everything in platform scope, but holds no users.manage.
    { label: 'super.super_user', expected: { sees: true, rename: 'ok:0' } },
    { label: 'A.agency_admin', expected: { sees: false, rename: 'ok:0' } },
    { label: 'A1.business_admin', expected: { sees: false, rename: 'ok:0' } },
  ])('$label: $expected', async ({ label, expected }) => {
    expect(await probeOrphan(label)).toStrictEqual(expected);
  });

  it('is not visible to a super member acting in an agency (not platform scope)', async () => {
    expect(await probeOrphan('super.super_admin', 'A')).toStrictEqual({
      sees: false,
      rename: 'ok:0',
    });
  });
});

describe('e-mail', () => {
  it('is not updatable by request code, not even one own; the display name is', async () => {
    const member = memberNamed('A1.business_user');
    const self = userIdOf(rls.fixture, member);
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      async (tx) => ({
        email: summarize(
          await attempt(
            tx,
            "update public.users set email = 'taken-over@example.test' where id = $1",
            [self],
          ),
        ),
        displayName: summarize(
          await attempt(tx, "update public.users set display_name = 'Me' where id = $1", [self]),
          true,
        ),
      }),
    );
    expect(result).toStrictEqual({ email: '42501', displayName: 'ok:1' });
  });

  it('is not updatable by a super_admin either', async () => {
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, memberNamed('super.super_admin')),
      (tx) =>
        attempt(tx, "update public.users set email = 'taken-over@example.test' where id = $1", [
          userIdOf(rls.fixture, memberNamed('B1.business_admin')),
        ]),
    );
    expect(summarize(outcome)).toBe('42501');
  });
});
