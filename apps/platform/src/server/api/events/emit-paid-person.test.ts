import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import {
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type TreeKey,
} from '@/server/api/testing';
import {
  installEnabled,
  registerEventModules,
  setBillingAccount,
  type EventModules,
} from './events-test-kit';

// A person (events.manage, a session, not a module key) emitting an event a PAID module
// declares is refused as the module's own key is (emit-standing.test.ts) and as the gateway
// refuses its use (PRD §23.1: suspended blocks module usage; grace still allows it):
// BILLING_SUSPENDED / BILLING_REQUIRED, an ended grace counts as suspended, a business falls
// back on its agency's account. A free module's names need no account. Both emit routes, real
// HTTP on real Postgres; whole envelopes and nothing stored on a refusal.

const kit = setupRoleTreeApiTest();
const { setup, ws, call } = kit;
let targets: HealthStandIn;
let free: EventModules;
let paid: EventModules;

const admin = () => setup.database.admin;

const account = (workspace: TreeKey, status: string | null, graceEndsAt: Date | null = null) =>
  setBillingAccount(kit, workspace, status, graceEndsAt);

beforeAll(async () => {
  targets = await startHealthStandIn();
  free = await registerEventModules(kit, targets);
  paid = await registerEventModules(kit, targets, { paid: true });
  await installEnabled(kit, free.emitter, 'A1', 'A.agency_admin');
  // Enabling a paid module needs an entitlement: A2's own account, active.
  await account('A2', 'active');
  await installEnabled(kit, paid.emitter, 'A2', 'A.agency_admin');
});
afterAll(async () => {
  await targets.close();
});

type Route = '/events' | '/events/batch';
const ROUTES: Route[] = ['/events', '/events/batch'];

/** One event of `modules` on `route`, by A's agency admin, in `workspace`. */
function emit(route: Route, modules: EventModules, workspace: TreeKey): Promise<Response> {
  const event = {
    event_name: modules.eventName,
    payload: { id: 1 },
    idempotency_key: randomUUID(),
  };
  const body =
    route === '/events'
      ? { ...event, workspace_id: ws(workspace).id }
      : { workspace_id: ws(workspace).id, events: [event] };
  return call('A.agency_admin', 'POST', route, body);
}

async function expectStored(response: Response): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(201);
}

async function expectRefused(
  route: Route,
  send: () => Promise<Response>,
  code: Parameters<typeof expectError>[1],
  details: Record<string, unknown>,
  message?: string,
): Promise<void> {
  const before = await snapshotTables(setup.database);
  // A batch's refusal names the event it is about.
  const where = route === '/events/batch' ? { index: 0 } : {};
  await expectError(await send(), code, { ...details, ...where }, message);
  expect(await snapshotTables(setup.database)).toStrictEqual(before);
}

const REQUIRED = 'This module is paid: it needs an active subscription.';

describe.each(ROUTES)('a person’s %s of a paid module’s event', (route) => {
  const ahead = () => new Date(Date.now() + 86_400_000);
  const past = () => new Date(Date.now() - 60_000);

  it('is refused as the module’s key is, nothing stored; allowed when the entitlement allows use', async () => {
    const source = ws('A2').id;
    try {
      for (const [status, graceEndsAt] of [
        ['active', null],
        ['past_due', null],
        ['grace', ahead()],
      ] as const) {
        await account('A2', status, graceEndsAt);
        await expectStored(await emit(route, paid, 'A2'));
      }
      const refusals = [
        ['suspended', null, 'BILLING_SUSPENDED', 'suspended'],
        ['grace', past(), 'BILLING_SUSPENDED', 'suspended'],
        ['canceled', null, 'BILLING_REQUIRED', 'canceled'],
      ] as const;
      for (const [status, graceEndsAt, code, state] of refusals) {
        await account('A2', status, graceEndsAt);
        await expectRefused(
          route,
          () => emit(route, paid, 'A2'),
          code,
          { state, source_workspace_id: source, reason: state },
          code === 'BILLING_REQUIRED' ? REQUIRED : undefined,
        );
      }
      await account('A2', null);
      await expectRefused(
        route,
        () => emit(route, paid, 'A2'),
        'BILLING_REQUIRED',
        { state: 'none', source_workspace_id: null, reason: 'no_account' },
        REQUIRED,
      );
      // Without an account of its own, the business runs on its agency's.
      await account('A', 'active');
      await expectStored(await emit(route, paid, 'A2'));
      await account('A', 'suspended');
      await expectRefused(route, () => emit(route, paid, 'A2'), 'BILLING_SUSPENDED', {
        state: 'suspended',
        source_workspace_id: ws('A').id,
        reason: 'suspended',
      });
    } finally {
      await account('A', null);
      await account('A2', 'active');
    }
  });

  it('a free module’s event needs no account', async () => {
    await account('A1', null);
    await account('A', null);
    await expectStored(await emit(route, free, 'A1'));
  });
});

describe('a person’s emit of a module whose installed version the registry no longer holds', () => {
  it('counts it as paid (fails closed): refused without an account', async () => {
    // A fresh free module, so no earlier emit has its version's answer kept.
    const gone = await registerEventModules(kit, targets);
    await installEnabled(kit, gone.emitter, 'A1', 'A.agency_admin');
    await account('A1', null);
    await account('A', null);
    await admin().query(
      `update public.module_registry set status = 'draft' where module_key = $1`,
      [gone.emitter],
    );
    await expectRefused(
      '/events',
      () => emit('/events', gone, 'A1'),
      'BILLING_REQUIRED',
      { state: 'none', source_workspace_id: null, reason: 'no_account' },
      REQUIRED,
    );
  });
});
