import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '@aiconnected/db';
import { issueInstallationCredentials } from '@aiconnected/events';
import { startHealthStandIn, testManifest, type HealthStandIn } from '@aiconnected/modules/testing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { createEventEmitLimiter } from '@/server/api/guard/rate-limits';
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
// migration 058), on real Postgres. A key that authenticated before in this process is not
// looked up again: its principal is predicted and `shell.emit_module_event` verifies it in the
// emit's own statement. Counted with a pg client spy: a warm emit is ONE round trip (two before:
// the key's lookup, then the emit). Every change that ends or moves a key (revoked, expired,
// rotated out, installation disabled or uninstalled, module upgraded, workspace suspended or
// archived) answers on the very next request exactly what the full path answers, storing
// nothing; a request refused before the statement (an invalid body, an undeclared name) with a
// key that no longer authenticates gets the key's refusal, not the body's; refused keys are
// still counted per address and never spend the installation's emit budget.

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

/** `POST /api/events` with `key` from the test peer address, through `api`. */
function post(api: TestApi, key: string, body: unknown): Promise<Response> {
  return Promise.resolve(
    api.api.request('/api/events', as(key, 'POST', body), {
      incoming: { socket: { remoteAddress: PEER }, headers: {} },
    }),
  );
}

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

describe('a warm module emit', () => {
  it('is one round trip to Postgres (the key verified in the emit’s statement); the first is more', async () => {
    const emitter = await freshEmitter();
    const db: Db = createDb(setup.database.url, { max: 2 });
    let roundTrips = 0;
    db.pool.on('connect', (client: pg.PoolClient) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      // Each client.query is one wait on the server (node-postgres sends one Sync per query).
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        roundTrips += 1;
        return query(...args);
      };
    });
    const counted = createTestApi(db, { sessionCacheTtlMs: 0 });
    try {
      roundTrips = 0;
      await expectStored(await post(counted, emitter.apiKey, event(emitter)));
      expect(roundTrips).toBeGreaterThanOrEqual(2);
      for (let index = 0; index < 3; index += 1) {
        roundTrips = 0;
        await expectStored(await post(counted, emitter.apiKey, event(emitter)));
        expect(roundTrips).toBe(1);
      }
      // A repeated idempotency key is answered by the same one statement.
      const body = event(emitter);
      await expectStored(await post(counted, emitter.apiKey, body));
      roundTrips = 0;
      await expectStored(await post(counted, emitter.apiKey, body), 200);
      expect(roundTrips).toBe(1);
      expect(await storedCount(emitter)).toBe(5);
    } finally {
      await counted.deps.sessionCache.close();
      await db.close();
    }
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

describe('a warm key that changed answers on the very next request as the full path does', () => {
  it('revoked: AUTH_REQUIRED, counted as a refused key, nothing stored', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    await setRevoked(emitter, true);
    const consume = vi.spyOn(setup.deps.moduleKeyFailureLimiter, 'consume');
    try {
      await refusedKey(() => post(setup, emitter.apiKey, event(emitter)));
      // One refused key counted (the 0-point calls are the address's pre-lookup check).
      expect(consume.mock.calls.filter((call) => call[1] === undefined)).toHaveLength(1);
    } finally {
      consume.mockRestore();
    }
    expect(await storedCount(emitter)).toBe(1);
  });

  it('revoked, ten emits at once: every one AUTH_REQUIRED, nothing stored', async () => {
    const emitter = await freshEmitter();
    // A process of its own: its prediction, and its refused-key budget (30) for this address.
    const own = createTestApi(setup.database.db);
    try {
      await expectStored(await post(own, emitter.apiKey, event(emitter)));
      await setRevoked(emitter, true);
      const before = await snapshotTables(setup.database);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => post(own, emitter.apiKey, event(emitter))),
      );
      for (const answer of answers) {
        await expectError(answer, 'AUTH_REQUIRED', { reason: 'module_credential' }, KEY_REFUSED);
      }
      expect(await snapshotTables(setup.database)).toStrictEqual(before);
      expect(await storedCount(emitter)).toBe(1);
    } finally {
      await own.deps.sessionCache.close();
    }
  });

  it('past its overlap (expires_at), and rotated out with no overlap: AUTH_REQUIRED; the new key emits', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    await admin(
      `update public.module_installation_credentials set expires_at = now() - interval '1 second'
        where installation_id = $1`,
      [emitter.installationId],
    );
    await refusedKey(() => post(setup, emitter.apiKey, event(emitter)));

    const other = await freshEmitter();
    await expectStored(await post(setup, other.apiKey, event(other)));
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
    await refusedKey(() => post(setup, other.apiKey, event(other)));
    await expectStored(await post(setup, issued.api_key?.secret ?? '', event(other)));
    expect(await storedCount(other)).toBe(2);
  });

  it('its installation disabled, then uninstalled: AUTH_REQUIRED', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    const response = await kit.call(
      'A.agency_admin',
      'POST',
      `/modules/${emitter.moduleKey}/disable`,
      {
        workspace_id: ws('A1').id,
      },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    await refusedKey(() => post(setup, emitter.apiKey, event(emitter)));

    const uninstalled = await freshEmitter();
    await expectStored(await post(setup, uninstalled.apiKey, event(uninstalled)));
    for (const action of ['disable', 'uninstall']) {
      const answer = await kit.call(
        'A.agency_admin',
        action === 'disable' ? 'POST' : 'DELETE',
        `/modules/${uninstalled.moduleKey}/${action}`,
        { workspace_id: ws('A1').id },
      );
      expect(answer.status, await answer.clone().text()).toBe(200);
    }
    await refusedKey(() => post(setup, uninstalled.apiKey, event(uninstalled)));
  });

  it('its workspace suspended or archived: WORKSPACE_FORBIDDEN; reactivated, it emits', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    try {
      for (const status of ['suspended', 'archived']) {
        await admin('update public.workspaces set status = $2 where id = $1', [
          ws('A1').id,
          status,
        ]);
        await expectRefused(
          () => post(setup, emitter.apiKey, event(emitter)),
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
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    expect(await storedCount(emitter)).toBe(2);
  });

  it('its module upgraded: checked against the new version’s schema, not the predicted one', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
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
    expect(await codeOf(await post(setup, emitter.apiKey, event(emitter)))).toBe(
      'EVENT_SCHEMA_INVALID',
    );
    expect(await storedCount(emitter)).toBe(1);
    // Valid for 2.0.0 only, on a fresh process's prediction of 1.0.0: refused by the predicted
    // check, then the key looked up as 2.0.0, checked and stored with it.
    const fresh = createTestApi(setup.database.db);
    try {
      await admin('update public.module_installations set module_version = $2 where id = $1', [
        emitter.installationId,
        '1.0.0',
      ]);
      await expectStored(await post(fresh, emitter.apiKey, event(emitter)));
      await admin('update public.module_installations set module_version = $2 where id = $1', [
        emitter.installationId,
        '2.0.0',
      ]);
      await expectStored(await post(fresh, emitter.apiKey, event(emitter, { name: 'two' })));
      const { rows } = await setup.database.admin.query<{ payload_json: unknown }>(
        'select payload_json from public.events where source = $1 order by sequence desc limit 1',
        [`/modules/${emitter.moduleKey}`],
      );
      expect(rows[0]?.payload_json).toStrictEqual({ name: 'two' });
    } finally {
      await fresh.deps.sessionCache.close();
    }
  });
});

describe('a warm key refused before the emit’s statement', () => {
  it('answers the key’s refusal, not the body’s, once the key no longer authenticates', async () => {
    const emitter = await freshEmitter();
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    // Still valid: the body's own refusals.
    expect(await codeOf(await post(setup, emitter.apiKey, { event_name: emitter.eventName }))).toBe(
      'VALIDATION_BLOCKING',
    );
    const undeclared = await post(setup, emitter.apiKey, {
      ...event(emitter),
      event_name: `${emitter.moduleKey}.nope`,
    });
    expect(await codeOf(undeclared)).toBe('EVENT_SCHEMA_INVALID');
    await setRevoked(emitter, true);
    await refusedKey(() => post(setup, emitter.apiKey, { event_name: emitter.eventName }));
    // The refusal dropped the prediction: the key, valid again, is looked up and predicted anew
    // (the same process), then revoked.
    await setRevoked(emitter, false);
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    await setRevoked(emitter, true);
    await refusedKey(() =>
      post(setup, emitter.apiKey, { ...event(emitter), event_name: `${emitter.moduleKey}.nope` }),
    );
    await setRevoked(emitter, false);
    await expectStored(await post(setup, emitter.apiKey, event(emitter)));
    await setRevoked(emitter, true);
    await refusedKey(() => post(setup, emitter.apiKey, event(emitter, { id: 'not a number' })));
  });

  it('a refused key gives back the emit point it spent (today it never reaches the emit limit)', async () => {
    const emitter = await freshEmitter();
    const limited = createTestApi(setup.database.db, {
      eventEmitLimiter: createEventEmitLimiter(setup.database.db.pool, {
        perModule: 2,
        perUser: 10,
      }),
    });
    try {
      await expectStored(await post(limited, emitter.apiKey, event(emitter)));
      await setRevoked(emitter, true);
      await refusedKey(() => post(limited, emitter.apiKey, event(emitter)));
      await setRevoked(emitter, false);
      // The second point of the budget: still there.
      await expectStored(await post(limited, emitter.apiKey, event(emitter)));
      await expectRefused(() => post(limited, emitter.apiKey, event(emitter)), 'RATE_LIMITED', {
        retry_after_seconds: expect.any(Number),
      });
    } finally {
      await limited.deps.sessionCache.close();
    }
  });
});
