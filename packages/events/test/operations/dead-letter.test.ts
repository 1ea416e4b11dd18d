import { describe, expect, it } from 'vitest';
import { readEvent } from '../../src';
import { retryDelivery, skipDelivery, listDeadLetters } from '../../src/operations';
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

// The dead letter on real Postgres: listing it (paged, per module), retrying and skipping a
// delivery, allowed and denied (the role just below, another tenant, another workspace's id),
// the database unchanged on every refusal, the audit row with each change.

const world = setupOpsDatabase();
const ws = (key: 'A' | 'A1' | 'B1') => world().tree.workspaces[key].id;
const agencyAdminA = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');
const businessAdminA1 = () => actorOf(world().tree, 'businessAdminA1', 'A1', 'business_admin');
const businessManagerA1 = () =>
  actorOf(world().tree, 'businessManagerA1', 'A1', 'business_manager');
const agencyManagerA = () => actorOf(world().tree, 'agencyManagerA', 'A', 'agency_manager');
const agencyAdminB = () => actorOf(world().tree, 'agencyAdminB', 'B', 'agency_admin');
const superAdmin = () => actorOf(world().tree, 'superAdmin', 'S', 'super_admin');

async function deadLetterIn(workspace: 'A1' | 'B1', stream = `s-${Math.random()}`) {
  const { installationId, moduleKey } = await seedSubscriber(world(), workspace);
  const event = await seedEvent(world(), ws(workspace), stream);
  const deliveryId = await seedDelivery(world(), event, installationId);
  return { installationId, moduleKey, event, deliveryId, stream };
}

async function deliveryRow(id: string) {
  const { rows } = await world().test.admin.query<Record<string, unknown>>(
    `select d.state, d.attempts, d.skip_reason, d.replays, d.dead_lettered_at, d.skipped_at,
            d.next_attempt_at <= now() as due, e.delivery_state as summary
       from public.event_deliveries d join public.events e on e.id = d.event_id where d.id = $1`,
    [id],
  );
  return rows[0];
}

describe('listDeadLetters', () => {
  it('lists the workspace’s dead-lettered deliveries newest first, with their events, page by page', async () => {
    const first = await deadLetterIn('A1');
    const second = await deadLetterIn('A1');
    // A delivered one and another tenant's dead letter are not listed.
    await seedDelivery(world(), await seedEvent(world(), ws('A1')), first.installationId, {
      state: 'delivered',
    });
    await deadLetterIn('B1');

    const page1 = await listDeadLetters(world().test.db, agencyAdminA(), {
      workspaceId: ws('A1'),
      limit: 1,
    });
    expect(page1.items.map((item) => item.id)).toStrictEqual([second.deliveryId]);
    expect(page1.items[0]).toStrictEqual({
      id: second.deliveryId,
      event_id: second.event.id,
      module_key: second.moduleKey,
      kind: 'event',
      action: null,
      state: 'dead_letter',
      attempts: 8,
      next_attempt_at: null,
      last_status: 500,
      last_error: 'HTTP 500',
      skip_reason: null,
      replays: 0,
      delivered_at: null,
      dead_lettered_at: expect.any(String),
      skipped_at: null,
      behind_dead_letter: false,
      event_name: CONSUMED,
      stream: second.stream,
      sequence: '00000000000000000001',
      recorded_at: expect.any(String),
    });
    expect(page1.next_cursor).toEqual(expect.any(String));
    const page2 = await listDeadLetters(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
      limit: 1,
      cursor: page1.next_cursor ?? '',
    });
    expect(page2.items.map((item) => item.id)).toStrictEqual([first.deliveryId]);

    const oneModule = await listDeadLetters(world().test.db, superAdmin(), {
      workspaceId: ws('A1'),
      moduleKey: first.moduleKey,
    });
    expect(oneModule).toStrictEqual({
      items: [expect.objectContaining({ id: first.deliveryId })],
      next_cursor: null,
    });
  });

  it('refuses the role below, another tenant and a foreign cursor', async () => {
    await deadLetterIn('A1');
    const list = (actor = agencyAdminA(), workspaceId = ws('A1'), cursor?: string) =>
      failure(listDeadLetters(world().test.db, actor, { workspaceId, cursor }));
    expect(await list(businessManagerA1())).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await list(agencyManagerA())).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await list(agencyAdminB())).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await list(agencyAdminA(), ws('A1'), 'bm90LWEtY3Vyc29y')).toStrictEqual({
      code: 'VALIDATION_BLOCKING',
      details: {
        issues: [{ path: 'query.cursor', message: 'Not a cursor returned by this endpoint' }],
      },
    });
  });
});

describe('a delivery behind a dead letter', () => {
  it('says it waits behind it (the monitor: not "Not tried yet") until the head is retried', async () => {
    const head = await deadLetterIn('A1');
    const behindEvent = await seedEvent(world(), ws('A1'), head.stream);
    const behind = await seedDelivery(world(), behindEvent, head.installationId, {
      state: 'pending',
    });
    // Another stream of the same module does not wait.
    const freeEvent = await seedEvent(world(), ws('A1'));
    await seedDelivery(world(), freeEvent, head.installationId, { state: 'pending' });
    const deliveryOf = async (eventId: string) =>
      (await readEvent(world().test.db, businessAdminA1(), { workspaceId: ws('A1'), eventId }))
        .deliveries[0];
    expect(await deliveryOf(behindEvent.id)).toMatchObject({
      id: behind,
      state: 'pending',
      attempts: 0,
      behind_dead_letter: true,
    });
    expect(await deliveryOf(freeEvent.id)).toMatchObject({ behind_dead_letter: false });
    expect(await deliveryOf(head.event.id)).toMatchObject({ behind_dead_letter: false });
    await retryDelivery(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
      deliveryId: head.deliveryId,
      correlationId: cid('retry-head'),
    });
    expect(await deliveryOf(behindEvent.id)).toMatchObject({ behind_dead_letter: false });
  });
});

describe('retryDelivery', () => {
  it('puts a dead-lettered delivery back to pending with a fresh schedule, audited', async () => {
    const { deliveryId, event, moduleKey } = await deadLetterIn('A1');
    const correlationId = cid('retry');
    const view = await retryDelivery(world().test.db, businessAdminA1(), {
      workspaceId: ws('A1'),
      deliveryId,
      correlationId,
    });
    expect(view).toMatchObject({
      id: deliveryId,
      state: 'pending',
      attempts: 0,
      next_attempt_at: expect.any(String),
      dead_lettered_at: null,
    });
    expect(await deliveryRow(deliveryId)).toMatchObject({
      state: 'pending',
      attempts: 0,
      due: true,
      dead_lettered_at: null,
      summary: 'pending',
    });
    expect(await auditOf(world(), correlationId)).toStrictEqual([
      {
        workspace_id: ws('A1'),
        actor_user_id: world().tree.users.businessAdminA1.id,
        action: 'events.delivery_retry',
        target_type: 'event_delivery',
        target_id: deliveryId,
        metadata_json: {
          event_id: event.id,
          event_name: CONSUMED,
          module_key: moduleKey,
          state: { from: 'dead_letter', to: 'pending' },
        },
      },
    ]);
    // Pending now: a second retry is a conflict, and changes nothing.
    const before = await snapshot(world());
    expect(
      await failure(
        retryDelivery(world().test.db, businessAdminA1(), {
          workspaceId: ws('A1'),
          deliveryId,
          correlationId: cid('retry'),
        }),
      ),
    ).toStrictEqual({ code: 'CONFLICT', details: { reason: 'state', state: 'pending' } });
    expect(await snapshot(world())).toBe(before);
  });

  it('refuses the role below, another tenant, and another workspace’s delivery as NOT_FOUND; nothing changes', async () => {
    const own = await deadLetterIn('A1');
    const theirs = await deadLetterIn('B1');
    const before = await snapshot(world());
    const retry = (
      actor: ReturnType<typeof agencyAdminA>,
      workspaceId: string,
      deliveryId: string,
    ) =>
      failure(
        retryDelivery(world().test.db, actor, { workspaceId, deliveryId, correlationId: cid('r') }),
      );
    expect(await retry(businessManagerA1(), ws('A1'), own.deliveryId)).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(await retry(agencyAdminB(), ws('A1'), own.deliveryId)).toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
    });
    // B's own workspace with A's delivery id, and A's workspace with B's: no such delivery.
    expect(await retry(agencyAdminB(), ws('B1'), own.deliveryId)).toStrictEqual({
      code: 'NOT_FOUND',
      details: { delivery_id: own.deliveryId },
    });
    expect(await retry(agencyAdminA(), ws('A1'), theirs.deliveryId)).toStrictEqual({
      code: 'NOT_FOUND',
      details: { delivery_id: theirs.deliveryId },
    });
    expect(await snapshot(world())).toBe(before);
  });
});

describe('skipDelivery', () => {
  it('skips a dead-lettered delivery and wakes its lane, audited', async () => {
    const { deliveryId, installationId, stream, event, moduleKey } = await deadLetterIn('A1');
    const listener = await world().test.admin.connect();
    const woken: string[] = [];
    try {
      listener.on('notification', (message) => woken.push(message.payload ?? ''));
      await listener.query('listen shell_event_lanes');
      const correlationId = cid('skip');
      const view = await skipDelivery(world().test.db, agencyAdminA(), {
        workspaceId: ws('A1'),
        deliveryId,
        correlationId,
      });
      expect(view).toMatchObject({
        state: 'skipped',
        skip_reason: 'admin',
        skipped_at: expect.any(String),
        next_attempt_at: null,
      });
      expect(await auditOf(world(), correlationId)).toStrictEqual([
        expect.objectContaining({
          action: 'events.delivery_skip',
          target_id: deliveryId,
          metadata_json: {
            event_id: event.id,
            event_name: CONSUMED,
            module_key: moduleKey,
            state: { from: 'dead_letter', to: 'skipped' },
          },
        }),
      ]);
      await expect.poll(() => woken, { timeout: 15_000 }).toContain(`${installationId}/${stream}`);
    } finally {
      await listener.query('unlisten shell_event_lanes');
      listener.release();
    }
  });

  it('skips a pending delivery, refuses a delivered one; refusals change nothing', async () => {
    const { installationId } = await seedSubscriber(world(), 'A1');
    const pending = await seedDelivery(
      world(),
      await seedEvent(world(), ws('A1')),
      installationId,
      {
        state: 'pending',
      },
    );
    const delivered = await seedDelivery(
      world(),
      await seedEvent(world(), ws('A1')),
      installationId,
      { state: 'delivered', lastStatus: 204 },
    );
    const skip = (
      actor: ReturnType<typeof agencyAdminA>,
      workspaceId: string,
      deliveryId: string,
    ) => skipDelivery(world().test.db, actor, { workspaceId, deliveryId, correlationId: cid('s') });
    expect(await skip(agencyAdminA(), ws('A1'), pending)).toMatchObject({ state: 'skipped' });
    const before = await snapshot(world());
    expect(await failure(skip(agencyAdminA(), ws('A1'), delivered))).toStrictEqual({
      code: 'CONFLICT',
      details: { reason: 'state', state: 'delivered' },
    });
    expect(await failure(skip(businessManagerA1(), ws('A1'), delivered))).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    expect(await failure(skip(agencyAdminB(), ws('B1'), delivered))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await snapshot(world())).toBe(before);
  });

  it('sums an event up as skipped when every delivery was skipped, delivered when one arrived', async () => {
    const first = await seedSubscriber(world(), 'A1');
    const second = await seedSubscriber(world(), 'A1');
    const skipAll = await seedEvent(world(), ws('A1'));
    const onlyOne = await seedEvent(world(), ws('A1'));
    const skipAllIds = [
      await seedDelivery(world(), skipAll, first.installationId, { state: 'pending' }),
      await seedDelivery(world(), skipAll, second.installationId, { state: 'pending' }),
    ];
    const onlyOneId = await seedDelivery(world(), onlyOne, first.installationId, {
      state: 'pending',
    });
    await seedDelivery(world(), onlyOne, second.installationId, {
      state: 'delivered',
      lastStatus: 204,
    });
    const skip = (deliveryId: string) =>
      skipDelivery(world().test.db, agencyAdminA(), {
        workspaceId: ws('A1'),
        deliveryId,
        correlationId: cid('skip-all'),
      });
    await skip(skipAllIds[0] ?? '');
    expect(await deliveryRow(skipAllIds[0] ?? '')).toMatchObject({ summary: 'pending' });
    await skip(skipAllIds[1] ?? '');
    // Nobody received it: not `delivered` (it was before migration 042).
    expect(await deliveryRow(skipAllIds[1] ?? '')).toMatchObject({ summary: 'skipped' });
    await skip(onlyOneId);
    expect(await deliveryRow(onlyOneId)).toMatchObject({ summary: 'delivered' });
  });
});
