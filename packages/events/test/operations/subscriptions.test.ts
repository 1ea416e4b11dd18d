import { describe, expect, it } from 'vitest';
import { listSubscriptions, resumeEndpoint } from '../../src/operations';
import {
  actorOf,
  auditOf,
  cid,
  CONSUMED,
  failure,
  seedDelivery,
  seedEvent,
  seedSubscriber,
  setupOpsDatabase,
  snapshot,
} from './support';

// Subscriptions and webhook endpoints on real Postgres: what each installation consumes and
// how its deliveries stand; resuming an endpoint a 410 disabled; allowed and denied.

const world = setupOpsDatabase();
const ws = (key: 'A1' | 'B1') => world().tree.workspaces[key].id;
const businessAdminA1 = () => actorOf(world().tree, 'businessAdminA1', 'A1', 'business_admin');
const businessManagerA1 = () =>
  actorOf(world().tree, 'businessManagerA1', 'A1', 'business_manager');
const agencyAdminB = () => actorOf(world().tree, 'agencyAdminB', 'B', 'agency_admin');
const businessAdminB1 = () => actorOf(world().tree, 'businessAdminB1', 'B1', 'business_admin');

async function disable(installationId: string) {
  await world().test.admin.query(
    `update public.module_installations
        set webhooks_disabled_at = now(), webhooks_disabled_reason = 'endpoint_gone' where id = $1`,
    [installationId],
  );
}

describe('listSubscriptions', () => {
  it('lists each installation with what it consumes, its endpoint and its delivery counts', async () => {
    const sub = await seedSubscriber(world(), 'B1');
    const event = await seedEvent(world(), ws('B1'));
    await seedDelivery(world(), event, sub.installationId, { state: 'pending' });
    await seedDelivery(world(), await seedEvent(world(), ws('B1')), sub.installationId);
    await seedDelivery(world(), await seedEvent(world(), ws('B1')), sub.installationId, {
      state: 'delivered',
    });
    // Uninstalled without waiting deliveries: not listed.
    await seedSubscriber(world(), 'B1', 'uninstalled');

    const { items } = await listSubscriptions(world().test.db, businessAdminB1(), {
      workspaceId: ws('B1'),
    });
    expect(items).toStrictEqual([
      {
        module_key: sub.moduleKey,
        installation_id: sub.installationId,
        version: '1.0.0',
        state: 'enabled',
        consumes: [CONSUMED],
        events_path: '/webhooks/events',
        actions: ['install', 'disable'],
        endpoint: 'active',
        disabled_reason: null,
        disabled_at: null,
        pending: 1,
        dead_letter: 1,
        last_delivered_at: expect.any(String),
        last_failure_at: null,
      },
    ]);
  });

  it('answers each installation’s own last delivery and last failure, whatever the others did', async () => {
    const [quiet, noisy, elsewhere] = [
      await seedSubscriber(world(), 'A1'),
      await seedSubscriber(world(), 'A1'),
      await seedSubscriber(world(), 'B1'),
    ];
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    /** A delivery of `sub` with one attempt `hoursAgo`, delivered or failed. */
    const attempted = async (
      sub: { installationId: string },
      workspace: 'A1' | 'B1',
      hoursAgo: number,
      outcome: 'delivered' | 'failed',
    ) => {
      const id = await seedDelivery(
        world(),
        await seedEvent(world(), ws(workspace)),
        sub.installationId,
        {
          state: outcome === 'delivered' ? 'delivered' : 'pending',
          attempts: 1,
        },
      );
      await world().test.admin.query(
        `update public.event_deliveries set delivered_at = case when state = 'delivered' then $2::timestamptz end
          where id = $1`,
        [id, at(hoursAgo)],
      );
      await world().test.admin.query(
        `insert into public.event_delivery_attempts
           (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome)
         values ($1, $2, 1, $3, 5, $4, $5)`,
        [id, ws(workspace), at(hoursAgo), outcome === 'delivered' ? 204 : 500, outcome],
      );
    };
    // quiet: failed 30 h ago, delivered 20 h and 10 h ago. noisy (same workspace) and another
    // workspace's installation failed more recently; their failures are not quiet's.
    await attempted(quiet, 'A1', 30, 'failed');
    await attempted(quiet, 'A1', 20, 'delivered');
    await attempted(quiet, 'A1', 10, 'delivered');
    for (const hoursAgo of [5, 4, 3, 2, 1]) await attempted(noisy, 'A1', hoursAgo, 'failed');
    await attempted(elsewhere, 'B1', 0.5, 'failed');

    const { items } = await listSubscriptions(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
    });
    const of = (sub: { installationId: string }) =>
      items.find((item) => item.installation_id === sub.installationId);
    expect(of(quiet)).toMatchObject({ last_delivered_at: at(10), last_failure_at: at(30) });
    expect(of(noisy)).toMatchObject({ last_delivered_at: null, last_failure_at: at(1) });
  });

  it('refuses the role below and another tenant', async () => {
    const list = (actor: ReturnType<typeof businessAdminA1>) =>
      failure(listSubscriptions(world().test.db, actor, { workspaceId: ws('A1') }));
    expect(await list(businessManagerA1())).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await list(agencyAdminB())).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await list(businessAdminA1())).toBe('ok');
  });
});

describe('resumeEndpoint', () => {
  it('turns a disabled endpoint back on, audited, and answers the subscription', async () => {
    const sub = await seedSubscriber(world(), 'A1');
    await disable(sub.installationId);
    const correlationId = cid('resume');
    const view = await resumeEndpoint(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
      moduleKey: sub.moduleKey,
      correlationId,
    });
    expect(view).toMatchObject({
      module_key: sub.moduleKey,
      endpoint: 'active',
      disabled_reason: null,
      disabled_at: null,
    });
    expect(await auditOf(world(), correlationId)).toStrictEqual([
      {
        workspace_id: ws('A1'),
        actor_user_id: world().tree.users.businessAdminA1.id,
        action: 'events.endpoint_resume',
        target_type: 'module_installation',
        target_id: sub.moduleKey,
        metadata_json: {
          module_key: sub.moduleKey,
          disabled_reason: 'endpoint_gone',
          disabled_at: expect.any(String),
          redelivered: 0,
        },
      },
    ]);
    expect(view.redelivered).toBe(0);
  });

  it('re-delivers what the endpoint’s 410 skipped when asked, in lane order, nothing else', async () => {
    const sub = await seedSubscriber(world(), 'A1');
    await disable(sub.installationId);
    const stream = `gone-${sub.moduleKey}`;
    const gone = [
      await seedEvent(world(), ws('A1'), stream),
      await seedEvent(world(), ws('A1'), stream),
    ];
    const goneIds: string[] = [];
    for (const event of gone) {
      goneIds.push(await seedDelivery(world(), event, sub.installationId, { state: 'skipped' }));
    }
    // Skipped by an admin, and delivered: not re-delivered.
    const byAdmin = await seedDelivery(
      world(),
      await seedEvent(world(), ws('A1'), stream),
      sub.installationId,
      {
        state: 'skipped',
      },
    );
    await world().test.admin.query(
      `update public.event_deliveries set skip_reason = 'admin' where id = $1`,
      [byAdmin],
    );
    await seedDelivery(world(), await seedEvent(world(), ws('A1'), stream), sub.installationId, {
      state: 'delivered',
    });
    const correlationId = cid('resume-redeliver');
    const view = await resumeEndpoint(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
      moduleKey: sub.moduleKey,
      redeliverSkipped: true,
      correlationId,
    });
    expect(view).toMatchObject({ endpoint: 'active', pending: 2, redelivered: 2 });
    const { rows } = await world().test.admin.query<{ id: string; state: string }>(
      `select d.id, d.state, d.replays, d.skip_reason, e.delivery_state as summary
         from public.event_deliveries d join public.events e on e.id = d.event_id
        where d.installation_id = $1 order by d.sequence`,
      [sub.installationId],
    );
    expect(rows.map(({ id, ...rest }) => ({ redelivered: goneIds.includes(id), ...rest }))).toEqual(
      [
        { redelivered: true, state: 'pending', replays: 1, skip_reason: null, summary: 'pending' },
        { redelivered: true, state: 'pending', replays: 1, skip_reason: null, summary: 'pending' },
        {
          redelivered: false,
          state: 'skipped',
          replays: 0,
          skip_reason: 'admin',
          summary: 'pending',
        },
        {
          redelivered: false,
          state: 'delivered',
          replays: 0,
          skip_reason: null,
          summary: 'pending',
        },
      ],
    );
    expect((await auditOf(world(), correlationId))[0]?.metadata_json).toMatchObject({
      redelivered: 2,
    });
  });

  it('refuses an active endpoint, an unknown module, the role below and another tenant; nothing changes', async () => {
    const active = await seedSubscriber(world(), 'A1');
    const gone = await seedSubscriber(world(), 'A1');
    await disable(gone.installationId);
    const resume = (
      actor: ReturnType<typeof businessAdminA1>,
      workspaceId: string,
      moduleKey: string,
    ) =>
      failure(
        resumeEndpoint(world().test.db, actor, { workspaceId, moduleKey, correlationId: cid('x') }),
      );
    const before = await snapshot(world());
    expect(await resume(businessAdminA1(), ws('A1'), active.moduleKey)).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'endpoint_active' },
    });
    expect(await resume(businessAdminA1(), ws('A1'), 'not-installed')).toStrictEqual({
      code: 'NOT_FOUND',
      details: { module_key: 'not-installed' },
    });
    expect(await resume(businessManagerA1(), ws('A1'), gone.moduleKey)).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(await resume(agencyAdminB(), ws('A1'), gone.moduleKey)).toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
    });
    // B's own workspace naming A's module: not installed there.
    expect(await resume(businessAdminB1(), ws('B1'), gone.moduleKey)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await snapshot(world())).toBe(before);
  });
});
