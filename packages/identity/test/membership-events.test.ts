import { randomUUID } from 'node:crypto';
import { setupTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestRateLimiter } from '../src/testing/test-rate-limiter';
import { createMailer, type Mailer } from '../src/mail/create-mailer';
import { listMailbox } from '../src/mail/list-mailbox';
import { acceptInvitation } from '../src/users/accept-invitation';
import { inviteMember } from '../src/users/invite-member';
import { updateMembership } from '../src/users/update-membership';
import { seedContextTree, type ContextFixture } from './context-fixture';
import { actorFor, correlation, uniqueEmail } from './support/user-actions';

// The membership shell events (docs/events.md "Shell events"), emitted by the real transitions
// in their own transaction: stored once, fanned out to the enabled installations of the
// member's workspace that consume them, never to another workspace's, gone with a rollback.

let test: TestDatabase;
let fixture: ContextFixture;
let mailer: Mailer;
const PASSWORD = 'correct horse battery staple';
const MEMBERSHIP_EVENTS = ['membership.created', 'membership.role_changed', 'membership.removed'];

setupTestDatabase(seedContextTree, (seeded) => {
  ({ database: test, tree: fixture } = seeded);
  mailer = createMailer({ transport: 'mailbox', from: 'no-reply@shell.test', db: test.db });
});

const actor = actorFor(() => fixture);
/** The consumer's installation in A1 (the member's workspace) and in B1 (another tenant). */
const installations = { A1: '', B1: '' };

beforeAll(async () => {
  const key = `members-${randomUUID().slice(0, 8)}`;
  const base = testManifest({ key, baseUrl: 'http://127.0.0.1:9/' });
  const manifest = {
    ...base,
    events: {
      emits: [],
      consumes: MEMBERSHIP_EVENTS.map((name) => ({ name, schema: { type: 'object' } })),
    },
    runtime: { ...base.runtime, webhooks: { eventsPath: '/webhooks/events' } },
  } as ModuleManifest;
  await registerTestModule(test.db, actor('superAdmin', 'S', 'super_admin'), manifest);
  for (const workspace of ['A1', 'B1'] as const) {
    const { rows } = await test.admin.query<{ id: string }>(
      `insert into public.module_installations (workspace_id, module_key, module_version, state)
       values ($1, $2, '1.0.0', 'enabled') returning id`,
      [fixture.workspaceIds[workspace], key],
    );
    installations[workspace] = rows[0]?.id ?? '';
  }
});

/** Invites a new address to A1 as business_user (by A1's admin); its mailed token. */
async function invite(): Promise<{ email: string; token: string }> {
  const email = uniqueEmail('member');
  await inviteMember(test.db, mailer, {
    actor: actor('businessAdminA1', 'A1', 'business_admin'),
    workspaceId: fixture.workspaceIds.A1,
    email,
    roleTemplate: 'business_user',
    baseUrl: 'http://shell.test',
    correlationId: correlation(),
  });
  const [mail] = await listMailbox(test.db, { to: email, limit: 1 });
  const token = /token=([A-Za-z0-9_-]{43})/.exec(mail?.text_body ?? '')?.[1];
  if (!token) throw new Error(`no link mailed to ${email}`);
  return { email, token };
}

const accept = (token: string, correlationId: string) =>
  acceptInvitation(test.db, {
    failureLimiter: createTestRateLimiter(test.db.pool),
    token,
    password: PASSWORD,
    correlationId,
  });

/** The events a call stored (by its correlation id), with their deliveries. */
async function eventsOf(correlationId: string) {
  const { rows } = await test.admin.query<{
    workspace_id: string;
    event_name: string;
    source: string;
    stream: string;
    payload_json: Record<string, unknown>;
    delivery_state: string;
    deliveries: { installation_id: string; kind: string; state: string }[];
  }>(
    `select e.workspace_id, e.event_name, e.source, e.stream, e.payload_json, e.delivery_state,
            coalesce((select json_agg(json_build_object('installation_id', d.installation_id,
                                                        'kind', d.kind, 'state', d.state))
                        from public.event_deliveries d where d.event_id = e.id), '[]') as deliveries
       from public.events e where e.correlation_id = $1 order by e.sequence`,
    [correlationId],
  );
  return rows;
}

const membershipOf = async (userId: string) =>
  (
    await test.admin.query<{ id: string; role_template: string; active: boolean }>(
      `select id, role_template, active from public.workspace_memberships
        where user_id = $1 and workspace_id = $2`,
      [userId, fixture.workspaceIds.A1],
    )
  ).rows[0];

describe('membership events', () => {
  it('joining, a role change, removal and reactivation each emit their event to A1 subscribers only', async () => {
    const { token } = await invite();
    const joined = correlation();
    const { user } = await accept(token, joined);
    const membership = await membershipOf(user.id);
    const admin = fixture.userIds.businessAdminA1;
    const common = {
      membership_id: membership?.id,
      workspace_id: fixture.workspaceIds.A1,
      user_id: user.id,
      invited_by_user_id: admin,
    };
    const toA1 = [{ installation_id: installations.A1, kind: 'event', state: 'pending' }];
    expect(await eventsOf(joined)).toStrictEqual([
      {
        workspace_id: fixture.workspaceIds.A1,
        event_name: 'membership.created',
        source: '/shell',
        stream: `memberships/${user.id}`,
        // Ids and role keys only: no address, no name.
        payload_json: {
          ...common,
          role_template: 'business_user',
          active: true,
          reason: 'invitation_accepted',
          actor_user_id: user.id,
        },
        delivery_state: 'pending',
        deliveries: toA1,
      },
    ]);

    const change = (patch: { roleTemplate?: string; active?: boolean }, correlationId: string) =>
      updateMembership(test.db, {
        actor: actor('businessAdminA1', 'A1', 'business_admin'),
        membershipId: membership?.id ?? '',
        ...patch,
        correlationId,
      });
    type Patch = { roleTemplate?: string; active?: boolean };
    const steps: [Patch, string, string][] = [
      [{ roleTemplate: 'business_manager' }, 'membership.role_changed', 'role_changed'],
      [{ active: false }, 'membership.removed', 'deactivated'],
      [{ active: true, roleTemplate: 'business_user' }, 'membership.created', 'reactivated'],
    ];
    let role = 'business_user';
    for (const [patch, name, reason] of steps) {
      const correlationId = correlation();
      await change(patch, correlationId);
      const previous = role;
      role = patch.roleTemplate ?? role;
      expect(await eventsOf(correlationId), name).toStrictEqual([
        expect.objectContaining({
          event_name: name,
          stream: `memberships/${user.id}`,
          payload_json: {
            ...common,
            role_template: role,
            ...(previous === role ? {} : { previous_role_template: previous }),
            active: patch.active ?? true,
            reason,
            actor_user_id: admin,
          },
          deliveries: toA1,
        }),
      ]);
    }

    // Nothing to tell: overrides only, or the role of an inactive membership.
    const quiet = correlation();
    await updateMembership(test.db, {
      actor: actor('businessAdminA1', 'A1', 'business_admin'),
      membershipId: membership?.id ?? '',
      permissionOverrides: [{ permission: 'users.invite', allow: true }],
      correlationId: quiet,
    });
    await change({ active: false }, correlation());
    await change({ roleTemplate: 'business_manager' }, quiet);
    expect(await eventsOf(quiet)).toStrictEqual([]);

    // The member's stream is ordered; B1 stored nothing and its installation got nothing.
    const { rows: stream } = await test.admin.query<{ event_name: string; sequence: string }>(
      `select event_name, sequence::text from public.events
        where workspace_id = $1 and stream = $2 order by sequence`,
      [fixture.workspaceIds.A1, `memberships/${user.id}`],
    );
    expect(stream).toStrictEqual(
      [
        'membership.created',
        'membership.role_changed',
        'membership.removed',
        'membership.created',
        'membership.removed',
      ].map((event_name, i) => ({ event_name, sequence: String(i + 1) })),
    );
    const { rows: b1 } = await test.admin.query(
      `select 1 from public.events where workspace_id = $1 and event_name like 'membership.%'
       union all select 1 from public.event_deliveries where installation_id = $2`,
      [fixture.workspaceIds.B1, installations.B1],
    );
    expect(b1).toStrictEqual([]);
  });

  it('a transition that fails at commit leaves no event, no delivery and no change', async () => {
    // Refuses, at commit, any transaction that stored an event with a `fail-at-commit-` id.
    await test.admin.query(`
      create function public.test_fail_at_commit() returns trigger language plpgsql as $$
      begin
        if new.correlation_id like 'fail-at-commit-%' then
          raise exception 'test: commit refused';
        end if;
        return null;
      end $$;
      create constraint trigger events_test_fail_at_commit after insert on public.events
        deferrable initially deferred for each row execute function public.test_fail_at_commit();
    `);
    const { email, token } = await invite();
    const failed = `fail-at-commit-${randomUUID()}`;
    await expect(accept(token, failed)).rejects.toThrow();
    const userId = (
      await test.admin.query<{ id: string }>('select id from public.users where email = $1', [
        email,
      ])
    ).rows[0]?.id;
    expect(await membershipOf(userId ?? '')).toBeUndefined();
    expect(await eventsOf(failed)).toStrictEqual([]);

    // The link still works; the membership and its one event arrive together.
    const { user } = await accept(token, correlation());
    const membership = await membershipOf(user.id);
    const removal = `fail-at-commit-${randomUUID()}`;
    await expect(
      updateMembership(test.db, {
        actor: actor('businessAdminA1', 'A1', 'business_admin'),
        membershipId: membership?.id ?? '',
        active: false,
        correlationId: removal,
      }),
    ).rejects.toThrow();
    expect(await membershipOf(user.id)).toStrictEqual(membership);
    expect(await eventsOf(removal)).toStrictEqual([]);
    const { rows: audit } = await test.admin.query(
      'select 1 from public.audit_logs where correlation_id = $1',
      [removal],
    );
    expect(audit).toStrictEqual([]);
    const { rows } = await test.admin.query<{ event_name: string }>(
      `select event_name from public.events where stream = $1`,
      [`memberships/${user.id}`],
    );
    expect(rows).toStrictEqual([{ event_name: 'membership.created' }]);
  });
});
