import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { actorOf, registerTestModule, testManifest } from '@aiconnected/modules/testing';
import type {
  EventDeliveryState,
  ModuleManifest,
  ModuleWebhooks,
} from '@aiconnected/sdk-contracts';

// The operations tests' world: the standard tenant tree, modules registered through the real
// import, installations, events and deliveries inserted as emit and the delivery runtime
// leave them (those have their own tests), so each test sets the exact state it operates on.

// Shared with the modules package's tests.
export { actorOf, failure } from '@aiconnected/modules/testing';

/** A correlation id for one call, unique enough to find its audit rows. */
export const cid = (what: string) => `test-${what}-${randomUUID().slice(0, 8)}`;

/** What an operations test file works with, once its `beforeAll` has run. */
export interface OpsWorld {
  test: TestDatabase;
  tree: TenantTree;
}

/** The file's tenant tree database; `world()` answers it inside tests. */
export function setupOpsDatabase(): () => OpsWorld {
  let world: OpsWorld | undefined;
  setupTenantTreeDatabase(({ database, tree }) => {
    world = { test: database, tree };
  });
  return () => {
    if (!world) throw new Error('setupOpsDatabase: the database is not ready yet');
    return world;
  };
}

/** The event name every test subscriber consumes. */
export const CONSUMED = 'notes.note.created';

/**
 * Registers a module (a fresh key `<prefix>-xxxxxxxx`) consuming `CONSUMED`, its webhooks under
 * `baseUrl` (`/webhooks/events` with install and disable callbacks unless `webhooks` says
 * otherwise), and installs it in `workspace` in `state`; the installation's id and key. The
 * operations and delivery tests' subscribers.
 */
export async function installConsumer(
  { test, tree }: OpsWorld,
  input: {
    prefix: string;
    baseUrl: string;
    workspace: TenantWorkspaceKey;
    state: 'installed' | 'enabled' | 'disabled' | 'uninstalled';
    webhooks?: ModuleWebhooks;
  },
): Promise<{ installationId: string; moduleKey: string }> {
  const moduleKey = `${input.prefix}-${randomUUID().slice(0, 8)}`;
  const base = testManifest({ key: moduleKey, baseUrl: input.baseUrl });
  const manifest = {
    ...base,
    events: {
      emits: [],
      consumes: [{ name: CONSUMED, description: 'A note', schema: { type: 'object' } }],
    },
    runtime: {
      ...base.runtime,
      webhooks: input.webhooks ?? {
        eventsPath: '/webhooks/events',
        actions: { install: '/webhooks/install', disable: '/webhooks/disable' },
      },
    },
  } as ModuleManifest;
  await registerTestModule(test.db, actorOf(tree, 'superAdmin', 'S', 'super_admin'), manifest);
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.module_installations (workspace_id, module_key, module_version, state)
     values ($1, $2, '1.0.0', $3) returning id`,
    [tree.workspaces[input.workspace].id, moduleKey, input.state],
  );
  return { installationId: rows[0]?.id ?? '', moduleKey };
}

/**
 * A module consuming `CONSUMED` at an address nothing listens on (`installConsumer`), installed
 * in `workspace` (`state`, `enabled` by default).
 */
export function seedSubscriber(
  world: OpsWorld,
  workspace: TenantWorkspaceKey,
  state: 'installed' | 'enabled' | 'disabled' | 'uninstalled' = 'enabled',
): Promise<{ installationId: string; moduleKey: string }> {
  return installConsumer(world, {
    prefix: 'sub',
    baseUrl: 'http://127.0.0.1:9/',
    workspace,
    state,
  });
}

/** An event of `workspaceId` on `stream` (the next sequence), recorded `recordedAt` (default now). */
export async function seedEvent(
  { test }: OpsWorld,
  workspaceId: string,
  stream = 'default',
  recordedAt?: string,
): Promise<{ id: string; sequence: string }> {
  const { rows } = await test.admin.query<{ id: string; sequence: string }>(
    `insert into public.events (workspace_id, event_name, source, stream, payload_json,
                                correlation_id, idempotency_key, recorded_at)
     values ($1, $2, '/modules/notes', $3, '{"id": 1}', 'test-seed', $4, coalesce($5::timestamptz, now()))
     returning id, sequence::text`,
    [workspaceId, CONSUMED, stream, randomUUID(), recordedAt ?? null],
  );
  const [row] = rows;
  if (!row) throw new Error('no event inserted');
  return row;
}

export interface SeedDeliveryOptions {
  state?: EventDeliveryState;
  attempts?: number;
  lastStatus?: number | null;
}

/**
 * A delivery of `event` to the installation, as the runtime leaves it in `state`
 * (dead-lettered after 8 attempts by default); its id.
 */
export async function seedDelivery(
  { test }: OpsWorld,
  event: { id: string },
  installationId: string,
  options: SeedDeliveryOptions = {},
): Promise<string> {
  const state = options.state ?? 'dead_letter';
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.event_deliveries
       (event_id, workspace_id, installation_id, module_key, kind, stream, sequence, state, attempts,
        last_status, last_error, delivered_at, dead_lettered_at, skipped_at, skip_reason)
     select e.id, e.workspace_id, i.id, i.module_key, 'event', e.stream, e.sequence, $3, $4, $5,
            case when $3 = 'dead_letter' then 'HTTP 500' end,
            case when $3 = 'delivered' then now() end,
            case when $3 = 'dead_letter' then clock_timestamp() end,
            case when $3 = 'skipped' then now() end,
            case when $3 = 'skipped' then 'endpoint_gone' end
       from public.events e, public.module_installations i
      where e.id = $1 and i.id = $2
     returning id`,
    [
      event.id,
      installationId,
      state,
      options.attempts ?? (state === 'pending' ? 0 : 8),
      options.lastStatus === undefined
        ? state === 'dead_letter'
          ? 500
          : null
        : options.lastStatus,
    ],
  );
  const [row] = rows;
  if (!row) throw new Error('no delivery inserted');
  if (state === 'dead_letter') {
    await test.admin.query(
      `update public.events set delivery_state = 'dead_letter', dead_lettered_at = now() where id = $1`,
      [event.id],
    );
  }
  return row.id;
}

/** The deliveries and audit rows of a database, comparable before and after a refused call. */
export async function snapshot({ test }: OpsWorld): Promise<string> {
  const { rows } = await test.admin.query<{ digest: string }>(
    `select md5(
       (select coalesce(string_agg(d::text, '|' order by d.id), '') from public.event_deliveries d) ||
       (select coalesce(string_agg(e::text, '|' order by e.id), '') from public.events e) ||
       (select coalesce(string_agg(i::text, '|' order by i.id), '') from public.module_installations i) ||
       (select count(*)::text from public.audit_logs)) as digest`,
  );
  return rows[0]?.digest ?? '';
}

/** The audit rows one call wrote (by its correlation id), without the people snapshot. */
export async function auditOf({ test }: OpsWorld, correlationId: string) {
  const { rows } = await test.admin.query<{
    workspace_id: string;
    actor_user_id: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    metadata_json: Record<string, unknown>;
  }>(
    `select workspace_id, actor_user_id, action, target_type, target_id, metadata_json - 'people' as metadata_json
       from public.audit_logs where correlation_id = $1 order by created_at, id`,
    [correlationId],
  );
  return rows;
}
