import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '@aiconnected/db';
import { issueInstallationCredentials } from '@aiconnected/events';
import { startHealthStandIn, testManifest, type HealthStandIn } from '@aiconnected/modules/testing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import {
  createEventEmitLimiter,
  createModuleKeyFailureLimiter,
} from '@/server/api/guard/rate-limits';
import {
  as,
  contextOf,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type TestApi,
} from '@/server/api/testing';
import { apiKeyOf, installEnabled, registerEventModules } from './events-test-kit';

// A module's warm emit in one round trip (docs/events.md "Installation credentials", "Speed";
// migrations 058 and 060), on real Postgres, for `POST /events` and `POST /events/batch`. A key
// that authenticated before in this process is not looked up again: its principal is predicted
// and `shell.emit_module_event` (a batch's `shell.emit_module_events`) verifies it in the emit's
// own statement. Counted with a pg client spy: a warm emit or batch is ONE round trip (two or
// more before: the key's lookup, then the emit). Every change that ends or moves a key
// (revoked, expired, rotated out, installation disabled or uninstalled, module upgraded,
// workspace suspended or archived) answers on the very next request exactly what the full path
// answers, storing nothing; a request refused before the statement (an invalid body, an
// undeclared name) with a key that no longer authenticates gets the key's refusal, not the
// body's; refused keys are still counted per address and never spend the installation's emit
// budget. A batch reusing a key for another event stores nothing (all or none).

const kit = setupRoleTreeApiTest();
const { setup, ws } = kit;
let targets: HealthStandIn;

const PEER = '198.51.100.21';
const KEY_REFUSED =
  'The module API key is unknown, revoked or expired, or its installation is not enabled.';

beforeAll(async () => {
  targets = await startHealthStandIn();
});
afterAll(async () => {
  await targets.close();
});

interface Emitter {
  moduleKey: string;
  eventName: string;
  installationId: string;
  apiKey: string;
}

/** A fresh emitter module (no consumer: no lane to announce) enabled in A1, with its key. */
async function freshEmitter(): Promise<Emitter> {
  const modules = await registerEventModules(kit, targets);
  await installEnabled(kit, modules.emitter, 'A1', 'A.agency_admin');
  const apiKey = await apiKeyOf(kit, modules.emitter, 'A1', 'A.agency_admin');
  const { rows } = await setup.database.admin.query<{ id: string }>(
    'select id from public.module_installations where module_key = $1 and workspace_id = $2',
    [modules.emitter, ws('A1').id],
  );
  return {
    moduleKey: modules.emitter,
    eventName: modules.eventName,
    installationId: rows[0]?.id ?? '',
    apiKey,
  };
}

const event = (emitter: Emitter, payload: unknown = { id: 1 }) => ({
  event_name: emitter.eventName,
  payload,
  idempotency_key: randomUUID(),
});

/** `POST /api/events` (or `path`) with `key` from the test peer address, through `api`. */
function post(api: TestApi, key: string, body: unknown, path = '/api/events'): Promise<Response> {
  return Promise.resolve(
    api.api.request(path, as(key, 'POST', body), {
      incoming: { socket: { remoteAddress: PEER }, headers: {} },
    }),
  );
}

/** `POST /api/events/batch` of `items` with `key`, through `api`. */
const postBatch = (api: TestApi, key: string, items: unknown[]) =>
  post(api, key, { events: items }, '/api/events/batch');

/** `count` valid events of `emitter`, each with its own idempotency key. */
const events = (emitter: Emitter, count: number) =>
  Array.from({ length: count }, (_, id) => event(emitter, { id }));

/**
 * Both emit routes: what a request carries, built from `one` (each call a new event): one
 * event, or a batch of two (`per` events stored by a request).
 */
const ROUTES = [
  { route: 'POST /events', path: '/api/events', per: 1, body: (one: () => unknown) => one() },
  {
    route: 'POST /events/batch',
    path: '/api/events/batch',
    per: 2,
    body: (one: () => unknown) => ({ events: [one(), one()] }),
  },
] as const;

/** A request of `route` with `key`, its events made by `one` (default: valid ones). */
const sender =
  ({ path, body }: Pick<(typeof ROUTES)[number], 'path' | 'body'>) =>
  (api: TestApi, key: string, emitter: Emitter, one: () => unknown = () => event(emitter)) =>
    post(api, key, body(one), path);

async function expectStored(response: Response, status = 201): Promise<void> {
  expect(response.status, await response.clone().text()).toBe(status);
}

const storedCount = async (emitter: Emitter): Promise<number> => {
  const { rows } = await setup.database.admin.query<{ n: number }>(
    'select count(*)::int as n from public.events where source = $1',
    [`/modules/${emitter.moduleKey}`],
  );
  return rows[0]?.n ?? -1;
};

/** `send` is refused with the whole envelope; no table changed (no event stored). */
async function expectRefused(
  send: () => Promise<Response>,
  code: Parameters<typeof expectError>[1],
  details?: Record<string, unknown>,
  message?: string,
): Promise<void> {
  const before = await snapshotTables(setup.database);
  await expectError(await send(), code, details, message);
  expect(await snapshotTables(setup.database)).toStrictEqual(before);
}

const refusedKey = (send: () => Promise<Response>) =>
  expectRefused(send, 'AUTH_REQUIRED', { reason: 'module_credential' }, KEY_REFUSED);

/** The error code a refused request answered. */
const codeOf = async (response: Response): Promise<string | undefined> =>
  ((await response.json()) as { error?: { code?: string } }).error?.code;

const admin = (text: string, values: unknown[]) => setup.database.admin.query(text, values);
/** Revokes the emitter's credentials, or takes the revocation back. */
const setRevoked = (emitter: { installationId: string }, revoked: boolean) =>
  admin(
    `update public.module_installation_credentials
        set revoked_at = ${revoked ? 'now()' : 'null'}
      where installation_id = $1`,
    [emitter.installationId],
  );

/** `run` on a process of its own whose every round trip to Postgres is counted (`trips.n`). */
async function withCountedApi(
  run: (api: TestApi, trips: { n: number }) => Promise<void>,
): Promise<void> {
  const db: Db = createDb(setup.database.url, { max: 2 });
  const trips = { n: 0 };
  db.pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    // Each client.query is one wait on the server (node-postgres sends one Sync per query).
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
      trips.n += 1;
      return query(...args);
    };
  });
  const counted = createTestApi(db, { sessionCacheTtlMs: 0 });
  try {
    await run(counted, trips);
  } finally {
    await counted.deps.sessionCache.close();
    await db.close();
  }
}

describe('a warm module emit', () => {
  it('is one round trip to Postgres (the key verified in the emit’s statement); the first is more', async () => {
    const emitter = await freshEmitter();
    await withCountedApi(async (counted, trips) => {
      trips.n = 0;
      await expectStored(await post(counted, emitter.apiKey, event(emitter)));
      expect(trips.n).toBeGreaterThanOrEqual(2);
      for (let index = 0; index < 3; index += 1) {
        trips.n = 0;
        await expectStored(await post(counted, emitter.apiKey, event(emitter)));
        expect(trips.n).toBe(1);
      }
      // A repeated idempotency key is answered by the same one statement.
      const body = event(emitter);
      await expectStored(await post(counted, emitter.apiKey, body));
      trips.n = 0;
      await expectStored(await post(counted, emitter.apiKey, body), 200);
      expect(trips.n).toBe(1);
      expect(await storedCount(emitter)).toBe(5);
    });
  });

  it('a batch is one round trip too, in request order; sent again, 200 all duplicate in one', async () => {
    const emitter = await freshEmitter();
    await withCountedApi(async (counted, trips) => {
      trips.n = 0;
      await expectStored(await postBatch(counted, emitter.apiKey, events(emitter, 2)));
      expect(trips.n).toBeGreaterThanOrEqual(2);
      const items = events(emitter, 3);
      trips.n = 0;
      const first = await postBatch(counted, emitter.apiKey, items);
      expect(trips.n).toBe(1);
      const stored = (await first.clone().json()) as { items: { sequence: string }[] };
      await expectStored(first);
      // Consecutive (the workspace's default stream: other tests' events came before).
      const sequences = stored.items.map((item) => Number(item.sequence));
      const n = sequences[0] ?? 0;
      expect(sequences).toStrictEqual([n, n + 1, n + 2]);
      const before = await snapshotTables(setup.database);
      trips.n = 0;
      const again = await postBatch(counted, emitter.apiKey, items);
      expect(trips.n).toBe(1);
      await expectStored(again.clone(), 200);
      expect(await again.json()).toStrictEqual({
        items: stored.items.map((item) => ({ ...item, duplicate: true })),
      });
      expect(await snapshotTables(setup.database)).toStrictEqual(before);
    });
  });

  it('a batch reusing a key for another event is CONFLICT with its index, nothing stored', async () => {
    const emitter = await freshEmitter();
    const earlier = event(emitter);
    await expectStored(await postBatch(setup, emitter.apiKey, [earlier]));
    const [a, b] = events(emitter, 2) as [ReturnType<typeof event>, ReturnType<typeof event>];
    const reused = (at: { idempotency_key: string }, index: number) => ({
      reason: 'idempotency_key_reused',
      idempotency_key: at.idempotency_key,
      index,
    });
    const message =
      'This idempotency key was used for another event: use a new key for a new event.';
    // Reused within the batch (the first two would be stored), and from an earlier batch.
    await expectRefused(
      () => postBatch(setup, emitter.apiKey, [a, b, { ...a, payload: { id: 9 } }]),
      'CONFLICT',
      reused(a, 2),
      message,
    );
    await expectRefused(
      () => postBatch(setup, emitter.apiKey, [a, { ...earlier, payload: { id: 9 } }, b]),
      'CONFLICT',
      reused(earlier, 1),
      message,
    );
    expect(await storedCount(emitter)).toBe(1);
    await expectStored(await postBatch(setup, emitter.apiKey, [a, b]));
  });

  it('logs the installation it emits for, as a looked-up key does', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    const from = setup.logs.length;
    // A refusal is logged with the request's logger ('request refused').
    const response = await post(setup, emitter.apiKey, {
      ...event(emitter),
      event_name: `${emitter.moduleKey}.nope`,
    });
    expect(await codeOf(response)).toBe('EVENT_SCHEMA_INVALID');
    const lines = setup.logs.slice(from).filter((line) => 'installation_id' in line);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({
      installation_id: emitter.installationId,
      module_key: emitter.moduleKey,
      workspace_id: ws('A1').id,
    });
  });
});

describe.each(ROUTES)(
  '$route: a warm key that changed answers on the very next request as the full path does',
  ({ path, per, body }) => {
    const send = sender({ path, body });

    it('revoked: AUTH_REQUIRED, counted as a refused key, nothing stored', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      await setRevoked(emitter, true);
      const consume = vi.spyOn(setup.deps.moduleKeyFailureLimiter, 'consume');
      try {
        await refusedKey(() => send(setup, emitter.apiKey, emitter));
        // One refused key counted (the 0-point calls are the address's pre-lookup check).
        expect(consume.mock.calls.filter((call) => call[1] === undefined)).toHaveLength(1);
      } finally {
        consume.mockRestore();
      }
      expect(await storedCount(emitter)).toBe(per);
    });

    it('revoked, ten emits at once: every one AUTH_REQUIRED, nothing stored', async () => {
      const emitter = await freshEmitter();
      // A process of its own: its prediction, and its refused-key budget (30) for this address.
      const own = createTestApi(setup.database.db);
      try {
        await expectStored(await send(own, emitter.apiKey, emitter));
        await setRevoked(emitter, true);
        const before = await snapshotTables(setup.database);
        const answers = await Promise.all(
          Array.from({ length: 10 }, () => send(own, emitter.apiKey, emitter)),
        );
        for (const answer of answers) {
          await expectError(answer, 'AUTH_REQUIRED', { reason: 'module_credential' }, KEY_REFUSED);
        }
        expect(await snapshotTables(setup.database)).toStrictEqual(before);
        expect(await storedCount(emitter)).toBe(per);
      } finally {
        await own.deps.sessionCache.close();
      }
    });

    it('past its overlap (expires_at), and rotated out with no overlap: AUTH_REQUIRED; the new key emits', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      await admin(
        `update public.module_installation_credentials set expires_at = now() - interval '1 second'
        where installation_id = $1`,
        [emitter.installationId],
      );
      await refusedKey(() => send(setup, emitter.apiKey, emitter));

      const other = await freshEmitter();
      await expectStored(await send(setup, other.apiKey, other));
      const issued = await issueInstallationCredentials(
        setup.database.db,
        await contextOf(setup.api, setup.tokens['A.agency_admin']),
        {
          workspaceId: ws('A1').id,
          moduleKey: other.moduleKey,
          kinds: ['api_key'],
          overlapHours: 0,
          ring: setup.deps.secrets,
          correlationId: `test-rotate-${randomUUID().slice(0, 8)}`,
        },
      );
      await refusedKey(() => send(setup, other.apiKey, other));
      await expectStored(await send(setup, issued.api_key?.secret ?? '', other));
      expect(await storedCount(other)).toBe(2 * per);
    });

    it('its installation disabled, then uninstalled: AUTH_REQUIRED', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      const response = await kit.call(
        'A.agency_admin',
        'POST',
        `/modules/${emitter.moduleKey}/disable`,
        {
          workspace_id: ws('A1').id,
        },
      );
      expect(response.status, await response.clone().text()).toBe(200);
      await refusedKey(() => send(setup, emitter.apiKey, emitter));

      const uninstalled = await freshEmitter();
      await expectStored(await send(setup, uninstalled.apiKey, uninstalled));
      for (const action of ['disable', 'uninstall']) {
        const answer = await kit.call(
          'A.agency_admin',
          action === 'disable' ? 'POST' : 'DELETE',
          `/modules/${uninstalled.moduleKey}/${action}`,
          { workspace_id: ws('A1').id },
        );
        expect(answer.status, await answer.clone().text()).toBe(200);
      }
      await refusedKey(() => send(setup, uninstalled.apiKey, uninstalled));
    });

    it('its workspace suspended or archived: WORKSPACE_FORBIDDEN; reactivated, it emits', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      try {
        for (const status of ['suspended', 'archived']) {
          await admin('update public.workspaces set status = $2 where id = $1', [
            ws('A1').id,
            status,
          ]);
          await expectRefused(
            () => send(setup, emitter.apiKey, emitter),
            'WORKSPACE_FORBIDDEN',
            { reason: `workspace_${status}` },
            `This module's workspace is ${status}: its modules cannot act until it is reactivated.`,
          );
        }
      } finally {
        await admin('update public.workspaces set status = $2 where id = $1', [
          ws('A1').id,
          'active',
        ]);
      }
      await expectStored(await send(setup, emitter.apiKey, emitter));
      expect(await storedCount(emitter)).toBe(2 * per);
    });

    it('its module upgraded: checked against the new version’s schema, not the predicted one', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      // 2.0.0 declares the same event with `{ name: string }` data instead of `{ id: integer }`.
      const v2Schema = {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' } },
        additionalProperties: false,
      };
      const manifest = {
        ...testManifest({
          key: emitter.moduleKey,
          baseUrl: targets.baseUrl('healthy'),
          version: '2.0.0',
        }),
        events: {
          emits: [{ name: emitter.eventName, description: 'An item', schema: v2Schema }],
          consumes: [],
        },
      } as ModuleManifest;
      const imported = await kit.call('S.super_admin', 'POST', '/modules/import', { manifest });
      expect(imported.status, await imported.clone().text()).toBe(201);
      await admin('update public.module_installations set module_version = $2 where id = $1', [
        emitter.installationId,
        '2.0.0',
      ]);
      // Valid for 1.0.0 only: the statement finds the prediction stale; 2.0.0's check refuses.
      expect(await codeOf(await send(setup, emitter.apiKey, emitter))).toBe('EVENT_SCHEMA_INVALID');
      expect(await storedCount(emitter)).toBe(per);
      // Valid for 2.0.0 only, on a fresh process's prediction of 1.0.0: refused by the predicted
      // check, then the key looked up as 2.0.0, checked and stored with it.
      const fresh = createTestApi(setup.database.db);
      try {
        await admin('update public.module_installations set module_version = $2 where id = $1', [
          emitter.installationId,
          '1.0.0',
        ]);
        await expectStored(await send(fresh, emitter.apiKey, emitter));
        await admin('update public.module_installations set module_version = $2 where id = $1', [
          emitter.installationId,
          '2.0.0',
        ]);
        await expectStored(
          await send(fresh, emitter.apiKey, emitter, () => event(emitter, { name: 'two' })),
        );
        const { rows } = await setup.database.admin.query<{ payload_json: unknown }>(
          'select payload_json from public.events where source = $1 order by sequence desc limit 1',
          [`/modules/${emitter.moduleKey}`],
        );
        expect(rows[0]?.payload_json).toStrictEqual({ name: 'two' });
      } finally {
        await fresh.deps.sessionCache.close();
      }
    });
  },
);

describe.each(ROUTES)(
  '$route: a warm key refused before the emit’s statement',
  ({ path, per, body }) => {
    const send = sender({ path, body });

    it('answers the key’s refusal, not the body’s, once the key no longer authenticates', async () => {
      const emitter = await freshEmitter();
      await expectStored(await send(setup, emitter.apiKey, emitter));
      // Still valid: the body's own refusals.
      expect(
        await codeOf(
          await send(setup, emitter.apiKey, emitter, () => ({ event_name: emitter.eventName })),
        ),
      ).toBe('VALIDATION_BLOCKING');
      const undeclared = await send(setup, emitter.apiKey, emitter, () => ({
        ...event(emitter),
        event_name: `${emitter.moduleKey}.nope`,
      }));
      expect(await codeOf(undeclared)).toBe('EVENT_SCHEMA_INVALID');
      await setRevoked(emitter, true);
      await refusedKey(() =>
        send(setup, emitter.apiKey, emitter, () => ({ event_name: emitter.eventName })),
      );
      // The refusal dropped the prediction: the key, valid again, is looked up and predicted anew
      // (the same process), then revoked.
      await setRevoked(emitter, false);
      await expectStored(await send(setup, emitter.apiKey, emitter));
      await setRevoked(emitter, true);
      await refusedKey(() =>
        send(setup, emitter.apiKey, emitter, () => ({
          ...event(emitter),
          event_name: `${emitter.moduleKey}.nope`,
        })),
      );
      await setRevoked(emitter, false);
      await expectStored(await send(setup, emitter.apiKey, emitter));
      await setRevoked(emitter, true);
      await refusedKey(() =>
        send(setup, emitter.apiKey, emitter, () => event(emitter, { id: 'not a number' })),
      );
    });

    it('a refused key gives back the emit points it spent (today it never reaches the emit limit)', async () => {
      const emitter = await freshEmitter();
      const limited = createTestApi(setup.database.db, {
        eventEmitLimiter: createEventEmitLimiter(setup.database.db.pool, {
          perModule: 2 * per,
          perUser: 10,
        }),
      });
      try {
        await expectStored(await send(limited, emitter.apiKey, emitter));
        await setRevoked(emitter, true);
        await refusedKey(() => send(limited, emitter.apiKey, emitter));
        await setRevoked(emitter, false);
        // The second request's points of the budget: still there.
        await expectStored(await send(limited, emitter.apiKey, emitter));
        await expectRefused(() => send(limited, emitter.apiKey, emitter), 'RATE_LIMITED', {
          retry_after_seconds: expect.any(Number),
        });
      } finally {
        await limited.deps.sessionCache.close();
      }
    });

    it('an address past its refused-key budget is RATE_LIMITED before any lookup, a warm key too', async () => {
      const emitter = await freshEmitter();
      const limited = createTestApi(setup.database.db, {
        moduleKeyFailureLimiter: createModuleKeyFailureLimiter(2),
      });
      const unknown = `aicm_${randomUUID().replaceAll('-', '')}${'x'.repeat(11)}`;
      try {
        await expectStored(await send(limited, emitter.apiKey, emitter));
        await refusedKey(() => send(limited, unknown, emitter));
        await refusedKey(() => send(limited, unknown, emitter));
        const retry = { retry_after_seconds: expect.any(Number) };
        await expectRefused(() => send(limited, unknown, emitter), 'RATE_LIMITED', retry);
        await expectRefused(() => send(limited, emitter.apiKey, emitter), 'RATE_LIMITED', retry);
        expect(await storedCount(emitter)).toBe(per);
      } finally {
        await limited.deps.sessionCache.close();
      }
    });
  },
);
