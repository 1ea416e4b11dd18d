import { describe, expect, it } from 'vitest';
import { REPLAY_MAX_DELIVERIES } from '@aiconnected/sdk-contracts';
import { replayDeliveries } from '../../src/operations';
import {
  actorOf,
  auditOf,
  cid,
  failure,
  seedDelivery,
  seedEvent,
  seedSubscriber,
  setupOpsDatabase,
  snapshot,
} from './support';

// Replay on real Postgres: a stream or a time range of one workspace goes back to pending in
// lane order, ids kept (the same webhook-id), replays counted; what is pending, another
// workspace's, or behind a disabled endpoint is left alone; bounded; allowed and denied.

const world = setupOpsDatabase();
const ws = (key: 'A1' | 'B1') => world().tree.workspaces[key].id;
const agencyAdminA = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');
const businessManagerA1 = () =>
  actorOf(world().tree, 'businessManagerA1', 'A1', 'business_manager');
const agencyAdminB = () => actorOf(world().tree, 'agencyAdminB', 'B', 'agency_admin');

async function states(ids: string[]) {
  const { rows } = await world().test.admin.query<{
    id: string;
    state: string;
    attempts: number;
    replays: number;
  }>(
    `select id, state, attempts, replays from public.event_deliveries where id = any($1::uuid[])`,
    [ids],
  );
  return Object.fromEntries(rows.map(({ id, ...row }) => [id, row]));
}

const replay = (
  input: Omit<Parameters<typeof replayDeliveries>[2], 'correlationId'>,
  actor = agencyAdminA(),
) => replayDeliveries(world().test.db, actor, { ...input, correlationId: cid('replay') });

describe('replayDeliveries', () => {
  it('replays one stream of one workspace: delivered, dead-lettered and skipped go back to pending, ids kept', async () => {
    const stream = `orders-${Math.random()}`;
    const { installationId } = await seedSubscriber(world(), 'A1');
    const ids: string[] = [];
    for (const state of ['delivered', 'dead_letter', 'skipped', 'pending'] as const) {
      ids.push(
        await seedDelivery(world(), await seedEvent(world(), ws('A1'), stream), installationId, {
          state,
        }),
      );
    }
    // Another stream of the same workspace, and the same stream name in B1: untouched.
    const other = await seedDelivery(world(), await seedEvent(world(), ws('A1')), installationId, {
      state: 'delivered',
    });
    const b = await seedSubscriber(world(), 'B1');
    const foreign = await seedDelivery(
      world(),
      await seedEvent(world(), ws('B1'), stream),
      b.installationId,
      { state: 'delivered' },
    );

    const correlationId = cid('replay');
    expect(
      await replayDeliveries(world().test.db, agencyAdminA(), {
        workspaceId: ws('A1'),
        stream,
        correlationId,
      }),
    ).toStrictEqual({ replayed: 3 });
    const [delivered, dead, skipped, pending] = ids;
    expect(await states([...ids, other, foreign])).toStrictEqual({
      [delivered ?? '']: { state: 'pending', attempts: 0, replays: 1 },
      [dead ?? '']: { state: 'pending', attempts: 0, replays: 1 },
      [skipped ?? '']: { state: 'pending', attempts: 0, replays: 1 },
      [pending ?? '']: { state: 'pending', attempts: 0, replays: 0 },
      [other]: { state: 'delivered', attempts: 8, replays: 0 },
      [foreign]: { state: 'delivered', attempts: 8, replays: 0 },
    });
    expect(await auditOf(world(), correlationId)).toStrictEqual([
      {
        workspace_id: ws('A1'),
        actor_user_id: world().tree.users.agencyAdminA.id,
        action: 'events.replay',
        target_type: 'workspace',
        target_id: ws('A1'),
        metadata_json: { module_key: null, stream, from: null, to: null, replayed: 3 },
      },
    ]);
  });

  it('replays a time range, one module’s only, leaving a disabled endpoint’s deliveries alone', async () => {
    const one = await seedSubscriber(world(), 'A1');
    const two = await seedSubscriber(world(), 'A1');
    const old = await seedEvent(world(), ws('A1'), 'range', '2026-01-01T00:00:00Z');
    const inside = await seedEvent(world(), ws('A1'), 'range', '2026-01-02T00:00:00Z');
    const late = await seedEvent(world(), ws('A1'), 'range', '2026-01-03T00:00:00Z');
    const d = {
      old: await seedDelivery(world(), old, one.installationId, { state: 'delivered' }),
      inside: await seedDelivery(world(), inside, one.installationId, { state: 'delivered' }),
      late: await seedDelivery(world(), late, one.installationId, { state: 'delivered' }),
      otherModule: await seedDelivery(world(), inside, two.installationId, { state: 'delivered' }),
    };
    const range = { from: '2026-01-02T00:00:00Z', to: '2026-01-03T00:00:00Z' };
    expect(
      await replay({ workspaceId: ws('A1'), moduleKey: one.moduleKey, ...range }),
    ).toStrictEqual({ replayed: 1 });
    expect(Object.values(await states(Object.values(d))).map((row) => row.state)).toStrictEqual(
      expect.arrayContaining(['pending', 'delivered', 'delivered', 'delivered']),
    );
    expect((await states([d.inside]))[d.inside]).toMatchObject({ state: 'pending', replays: 1 });

    await world().test.admin.query(
      `update public.module_installations
          set webhooks_disabled_at = now(), webhooks_disabled_reason = 'endpoint_gone' where id = $1`,
      [two.installationId],
    );
    expect(
      await replay({ workspaceId: ws('A1'), moduleKey: two.moduleKey, ...range }),
    ).toStrictEqual({
      replayed: 0,
    });
    expect((await states([d.otherModule]))[d.otherModule]).toMatchObject({ state: 'delivered' });
  });

  it('refuses no filter, a backwards range, a module or stream it does not have, the role below and another tenant; nothing changes', async () => {
    const { installationId } = await seedSubscriber(world(), 'A1');
    await seedDelivery(world(), await seedEvent(world(), ws('A1'), 'refused'), installationId, {
      state: 'delivered',
    });
    const theirs = await seedSubscriber(world(), 'B1');
    await seedEvent(world(), ws('B1'), 'theirs-only');
    const before = await snapshot(world());
    expect(await failure(replay({ workspaceId: ws('A1') }))).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        issues: [{ path: 'body', message: 'Name a stream, a time range (from, to) or both.' }],
      },
    });
    expect(
      await failure(
        replay({ workspaceId: ws('A1'), from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }),
      ),
    ).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: { issues: [{ path: 'body.to', message: 'The range ends before it starts.' }] },
    });
    // A module installed only in the other tenant's workspace, one installed nowhere, a stream
    // with events only there: NOT_FOUND, no replay of nothing with an audit row.
    for (const moduleKey of [theirs.moduleKey, 'never-installed']) {
      expect(
        await failure(replay({ workspaceId: ws('A1'), moduleKey, stream: 'refused' })),
      ).toStrictEqual({ code: 'NOT_FOUND', details: { module_key: moduleKey } });
    }
    expect(await failure(replay({ workspaceId: ws('A1'), stream: 'theirs-only' }))).toStrictEqual({
      code: 'NOT_FOUND',
      details: { stream: 'theirs-only' },
    });
    expect(
      await failure(replay({ workspaceId: ws('A1'), stream: 'refused' }, businessManagerA1())),
    ).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(
      await failure(replay({ workspaceId: ws('A1'), stream: 'refused' }, agencyAdminB())),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await snapshot(world())).toBe(before);
  });

  it(`refuses more than ${REPLAY_MAX_DELIVERIES} deliveries at once with the count, changing nothing`, async () => {
    const { installationId, moduleKey } = await seedSubscriber(world(), 'A1');
    const stream = 'bulk';
    // As emit and the runtime would leave them: REPLAY_MAX_DELIVERIES + 1 delivered events.
    await world().test.admin.query(
      `with e as (
         insert into public.events (workspace_id, event_name, source, stream, sequence, payload_json,
                                    correlation_id, idempotency_key)
         select $1, 'notes.note.created', '/modules/notes', $3, n, '{}', 'test-bulk', 'bulk-' || n
           from generate_series(1, $4::int) n
         returning id, workspace_id, stream, sequence)
       insert into public.event_deliveries
         (event_id, workspace_id, installation_id, module_key, kind, stream, sequence, state,
          attempts, delivered_at)
       select e.id, e.workspace_id, $2, $5, 'event', e.stream, e.sequence, 'delivered', 1, now()
         from e`,
      [ws('A1'), installationId, stream, REPLAY_MAX_DELIVERIES + 1, moduleKey],
    );
    const before = await snapshot(world());
    expect(await failure(replay({ workspaceId: ws('A1'), stream }))).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        count: REPLAY_MAX_DELIVERIES + 1,
        max: REPLAY_MAX_DELIVERIES,
        issues: [
          {
            path: 'body',
            message: `Selects ${REPLAY_MAX_DELIVERIES + 1} deliveries (at most ${REPLAY_MAX_DELIVERIES}).`,
          },
        ],
      },
    });
    expect(await snapshot(world())).toBe(before);
  });
});
