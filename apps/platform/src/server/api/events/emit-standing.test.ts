import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChannelHub } from '@aiconnected/db';
import { createModuleSnapshotCache, type ModuleSnapshotCache } from '@aiconnected/modules';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import {
  as,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type TestApi,
  type TreeKey,
} from '@/server/api/testing';
import {
  apiKeyOf,
  installEnabled,
  registerEventModules,
  type EventModules,
  setBillingAccount,
} from './events-test-kit';

// A valid module API key whose module may not act (issue 12's carried defect, docs/events.md
// "Installation credentials"), on real Postgres, on both module-key routes (POST /api/events,
// POST /api/events/batch): the key of a suspended or archived workspace is WORKSPACE_FORBIDDEN
// (as that workspace's own members lose it), works again once reactivated, and a suspended
// agency does not stop its active business's module (the governing-memberships rule); a paid
// module's key is refused as the gateway refuses it (BILLING_SUSPENDED / BILLING_REQUIRED,
// grace still allows use, an ended grace counts as suspended, a business falls back on its
// agency's account), also through the module snapshot cache. Whole envelopes; nothing stored
// on a refusal (every table compared before and after).

const kit = setupRoleTreeApiTest();
const { setup, ws } = kit;
let targets: HealthStandIn;
let free: EventModules;
let paid: EventModules;
let freeKey: string;
let paidKey: string;
let snapshots: ModuleSnapshotCache;
let cachedApi: TestApi;

const admin = () => setup.database.admin;

const account = (workspace: TreeKey, status: string | null, graceEndsAt: Date | null = null) =>
  setBillingAccount(kit, workspace, status, graceEndsAt);

const setStatus = (workspace: TreeKey, status: 'active' | 'suspended' | 'archived') =>
  admin().query('update public.workspaces set status = $2 where id = $1', [
    ws(workspace).id,
    status,
  ]);

beforeAll(async () => {
  targets = await startHealthStandIn();
  free = await registerEventModules(kit, targets);
  paid = await registerEventModules(kit, targets, { paid: true });
  await installEnabled(kit, free.emitter, 'A1', 'A.agency_admin');
  await installEnabled(kit, free.consumer, 'A1', 'A.agency_admin');
  // Enabling a paid module needs an entitlement: A2's own account, active.
  await account('A2', 'active');
  await installEnabled(kit, paid.emitter, 'A2', 'A.agency_admin');
  await installEnabled(kit, paid.consumer, 'A2', 'A.agency_admin');
  freeKey = await apiKeyOf(kit, free.emitter, 'A1', 'A.agency_admin');
  paidKey = await apiKeyOf(kit, paid.emitter, 'A2', 'A.agency_admin');
  const db = setup.deps.db;
  // Heartbeat 5 s (the default): a step slower than heartbeatMs turns the listener off and clears
  // the cache, which at 500 ms a loaded machine could do between a read and its reuse; no test
  // here depends on the heartbeat's pace (the first proof runs at once).
  snapshots = createModuleSnapshotCache(db, { hub: createChannelHub(db), heartbeatMs: 5000 });
  snapshots.listen();
  cachedApi = createTestApi(db, { moduleSnapshots: snapshots });
  await vi.waitFor(() => expect(snapshots.active).toBe(true), { timeout: 15_000, interval: 20 });
});
afterAll(async () => {
  await snapshots.close();
  await cachedApi.deps.sessionCache.close();
  await targets.close();
});

type Route = '/api/events' | '/api/events/batch';
const ROUTES: Route[] = ['/api/events', '/api/events/batch'];

/** One event of `modules` on `route` with `key`, through `api` (default the uncached one). */
async function emit(
  route: Route,
  modules: EventModules,
  key: string,
  api: TestApi = setup,
): Promise<Response> {
  const event = {
    event_name: modules.eventName,
    payload: { id: 1 },
    idempotency_key: randomUUID(),
  };
  const body = route === '/api/events' ? event : { events: [event] };
  return api.api.request(route, as(key, 'POST', body));
}

async function expectStored(response: Response): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(201);
}

/** `emit` is refused with the whole envelope and the database is unchanged. */
async function expectRefused(
  send: () => Promise<Response> | Response,
  code: Parameters<typeof expectError>[1],
  details: Record<string, unknown>,
  message?: string,
): Promise<void> {
  const before = await snapshotTables(setup.database);
  await expectError(await send(), code, details, message);
  expect(await snapshotTables(setup.database)).toStrictEqual(before);
}

const suspendedMessage = (status: string) =>
  `This module's workspace is ${status}: its modules cannot act until it is reactivated.`;

describe.each(ROUTES)('%s with the key of a workspace that is not active', (route) => {
  it('is WORKSPACE_FORBIDDEN while suspended or archived, nothing stored; reactivated, it works again', async () => {
    await expectStored(await emit(route, free, freeKey));
    try {
      for (const status of ['suspended', 'archived'] as const) {
        await setStatus('A1', status);
        await expectRefused(
          () => emit(route, free, freeKey),
          'WORKSPACE_FORBIDDEN',
          { reason: `workspace_${status}` },
          suspendedMessage(status),
        );
      }
    } finally {
      await setStatus('A1', 'active');
    }
    await expectStored(await emit(route, free, freeKey));
  });

  it('the workspace comes before billing: a suspended workspace with no account is WORKSPACE_FORBIDDEN', async () => {
    try {
      await setStatus('A2', 'suspended');
      await account('A2', null);
      await expectRefused(
        () => emit(route, paid, paidKey),
        'WORKSPACE_FORBIDDEN',
        { reason: 'workspace_suspended' },
        suspendedMessage('suspended'),
      );
    } finally {
      await setStatus('A2', 'active');
      await account('A2', 'active');
    }
  });

  it('a suspended agency does not stop its active business’s module (its own members keep it too)', async () => {
    try {
      await setStatus('A', 'suspended');
      await expectStored(await emit(route, free, freeKey));
    } finally {
      await setStatus('A', 'active');
    }
  });

  it('the key of an unknown installation stays AUTH_REQUIRED (nothing about the workspace)', async () => {
    await expectRefused(
      () => emit(route, free, `aicm_${'A'.repeat(43)}`),
      'AUTH_REQUIRED',
      { reason: 'module_credential' },
      'The module API key is unknown, revoked or expired, or its installation is not enabled.',
    );
  });
});

describe.each(ROUTES)('%s with a paid module’s key', (route) => {
  const ahead = () => new Date(Date.now() + 86_400_000);
  const past = () => new Date(Date.now() - 60_000);

  it('is refused as the gateway refuses it, nothing stored; allowed when the entitlement allows use', async () => {
    const source = ws('A2').id;
    try {
      for (const [status, graceEndsAt] of [
        ['active', null],
        ['past_due', null],
        ['grace', ahead()],
      ] as const) {
        await account('A2', status, graceEndsAt);
        await expectStored(await emit(route, paid, paidKey));
      }
      const refusals = [
        ['suspended', null, 'BILLING_SUSPENDED', 'suspended', 'suspended'],
        // A grace period that has ended counts as suspended, before any job moves the row.
        ['grace', past(), 'BILLING_SUSPENDED', 'suspended', 'suspended'],
        ['canceled', null, 'BILLING_REQUIRED', 'canceled', 'canceled'],
      ] as const;
      for (const [status, graceEndsAt, code, state, reason] of refusals) {
        await account('A2', status, graceEndsAt);
        await expectRefused(
          () => emit(route, paid, paidKey),
          code,
          { state, source_workspace_id: source, reason },
          code === 'BILLING_REQUIRED'
            ? 'This module is paid: it needs an active subscription.'
            : undefined,
        );
      }
      await account('A2', null);
      await expectRefused(
        () => emit(route, paid, paidKey),
        'BILLING_REQUIRED',
        { state: 'none', source_workspace_id: null, reason: 'no_account' },
        'This module is paid: it needs an active subscription.',
      );
      // Without an account of its own, the business runs on its agency's.
      await account('A', 'active');
      await expectStored(await emit(route, paid, paidKey));
      await account('A', 'suspended');
      await expectRefused(() => emit(route, paid, paidKey), 'BILLING_SUSPENDED', {
        state: 'suspended',
        source_workspace_id: ws('A').id,
        reason: 'suspended',
      });
    } finally {
      await account('A', null);
      await account('A2', 'active');
    }
  });

  it('a free module reads no billing: its key works in a workspace with no account', async () => {
    await account('A1', null);
    await expectStored(await emit(route, free, freeKey));
  });

  it('through the module snapshot cache: the same decisions, a billing change applies on the next emits', async () => {
    const lookups = vi.spyOn(snapshots, 'snapshotOf');
    try {
      await account('A2', 'active');
      await vi.waitFor(async () => expectStored(await emit(route, paid, paidKey, cachedApi)), {
        timeout: 15_000,
        interval: 50,
      });
      // The paid module's entitlement comes from the cache; a free module's emit never asks.
      expect(lookups).toHaveBeenCalledWith(ws('A2').id);
      lookups.mockClear();
      await expectStored(await emit(route, free, freeKey, cachedApi));
      expect(lookups).not.toHaveBeenCalled();
      await account('A2', 'suspended');
      await vi.waitFor(
        async () => {
          const response = await emit(route, paid, paidKey, cachedApi);
          expect(response.status).toBe(402);
        },
        { timeout: 15_000, interval: 50 },
      );
      await expectRefused(() => emit(route, paid, paidKey, cachedApi), 'BILLING_SUSPENDED', {
        state: 'suspended',
        source_workspace_id: ws('A2').id,
        reason: 'suspended',
      });
      await account('A2', 'active');
      await vi.waitFor(async () => expectStored(await emit(route, paid, paidKey, cachedApi)), {
        timeout: 15_000,
        interval: 50,
      });
    } finally {
      lookups.mockRestore();
      await account('A2', 'active');
    }
  });

  it('a module snapshot cache that is not listening is never asked: the entitlement is read alone', async () => {
    const db = setup.deps.db;
    const idle = createModuleSnapshotCache(db, { hub: createChannelHub(db) });
    const idleApi = createTestApi(db, { moduleSnapshots: idle });
    const lookups = vi.spyOn(idle, 'snapshotOf');
    try {
      expect(idle.active).toBe(false);
      await account('A2', 'active');
      await expectStored(await emit(route, paid, paidKey, idleApi));
      await account('A2', 'suspended');
      await expectRefused(() => emit(route, paid, paidKey, idleApi), 'BILLING_SUSPENDED', {
        state: 'suspended',
        source_workspace_id: ws('A2').id,
        reason: 'suspended',
      });
      expect(lookups).not.toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
      await account('A2', 'active');
      await idle.close();
      await idleApi.deps.sessionCache.close();
    }
  });
});
