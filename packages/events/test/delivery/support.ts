import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDb, type Db } from '@aiconnected/db';
import type { TenantWorkspaceKey } from '@aiconnected/db/testing';
import type { ModuleWebhooks } from '@aiconnected/sdk-contracts';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { issueInstallationCredentials } from '../../src/credentials';
import {
  createDeliveryRuntime,
  type DeliveryRuntime,
} from '../../src/delivery/create-delivery-runtime';
import {
  defaultDeliverySettings,
  type DeliverySettings,
} from '../../src/delivery/delivery-settings';
import { actorOf, CONSUMED, installConsumer, type OpsWorld } from '../operations/support';

// The delivery tests' world: the operations tests' tenant tree, a module whose webhooks go to
// a loopback receiver (registered through the real import, credentials issued as the install
// route does), events and their deliveries inserted as emit leaves them (emit has its own
// tests), and delivery runtimes on the file's database.

const WORKER_SCRIPT = fileURLToPath(new URL('./fixtures/delivery-worker.ts', import.meta.url));

/** The ring the test runtimes open webhook secrets with (and its JSON, for worker processes). */
export const ringJson = newSecretKeys();
export const ring = parseSecretKeys(ringJson);

export interface ReceiverModule {
  installationId: string;
  moduleKey: string;
  /** The installation's webhook secret (`whsec_...`). */
  secret: string;
}

/**
 * Registers a module (a fresh key) consuming `CONSUMED` with its webhooks at `baseUrl`
 * (`/webhooks/events`, and the install and disable actions unless `webhooks` says otherwise),
 * installs it in `workspace` (`enabled`) and issues its webhook secret.
 */
export async function seedReceiverModule(
  world: OpsWorld,
  baseUrl: string,
  options: { workspace?: TenantWorkspaceKey; webhooks?: ModuleWebhooks } = {},
): Promise<ReceiverModule> {
  const { test, tree } = world;
  const workspace = options.workspace ?? 'A1';
  const { installationId, moduleKey } = await installConsumer(world, {
    prefix: 'rcv',
    baseUrl,
    workspace,
    state: 'enabled',
    webhooks: options.webhooks,
  });
  const agency = workspace.startsWith('B') ? 'B' : 'A';
  const issued = await issueInstallationCredentials(
    test.db,
    actorOf(tree, agency === 'A' ? 'agencyAdminA' : 'agencyAdminB', agency, 'agency_admin'),
    {
      workspaceId: tree.workspaces[workspace].id,
      moduleKey,
      kinds: ['webhook_secret'],
      ring,
      correlationId: `test-credentials-${moduleKey}`,
    },
  );
  const secret = issued.webhook_secret?.secret;
  if (!secret) throw new Error('no webhook secret issued');
  return { installationId, moduleKey, secret };
}

/**
 * `count` events of `CONSUMED` on `stream` in the workspace (sequences after the stream's
 * last), each with a pending delivery to every installation in `installationIds`, in one
 * transaction; the events' ids in sequence order.
 */
export async function seedDeliveries(
  world: OpsWorld,
  input: {
    workspaceId: string;
    stream: string;
    count: number;
    installationIds: string[];
    kind?: 'event' | 'action';
  },
): Promise<string[]> {
  const client = await world.test.admin.connect();
  try {
    await client.query('begin');
    const { rows } = await client.query<{ id: string }>(
      `with last as (
         select coalesce(max(sequence), 0) as sequence from public.events
          where workspace_id = $1 and stream = $2)
       insert into public.events (workspace_id, event_name, source, stream, sequence, payload_json,
                                  correlation_id, idempotency_key)
       select $1, $3, '/modules/notes', $2, last.sequence + n, jsonb_build_object('n', n),
              'test-delivery', gen_random_uuid()::text
         from last, generate_series(1, $4) as n
       returning id`,
      [input.workspaceId, input.stream, CONSUMED, input.count],
    );
    const ids = rows.map((row) => row.id);
    const kind = input.kind ?? 'event';
    await client.query(
      `insert into public.event_deliveries
         (event_id, workspace_id, installation_id, module_key, kind, action, stream, sequence)
       select e.id, e.workspace_id, i.id, i.module_key, $3,
              case when $3 = 'action' then 'install' end, e.stream, e.sequence
         from public.events e, public.module_installations i
        where e.id = any($1::uuid[]) and i.id = any($2::uuid[])`,
      [ids, input.installationIds, kind],
    );
    await client.query('commit');
    const { rows: ordered } = await world.test.admin.query<{ id: string }>(
      'select id from public.events where id = any($1::uuid[]) order by sequence',
      [ids],
    );
    return ordered.map((row) => row.id);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** Settings for tests: fast retries (0, 0.2 s, 0.5 s: 3 attempts), quick sweeps. */
export function testSettings(overrides: Partial<DeliverySettings> = {}): DeliverySettings {
  return defaultDeliverySettings({
    retryScheduleSeconds: [0, 0.2, 0.5],
    concurrency: 10,
    sweepIntervalMs: 300,
    workerName: `test-${randomUUID().slice(0, 6)}`,
    ...overrides,
  });
}

/** Lines the runtime logged, by message, for assertions. */
export interface CapturedLogger {
  lines: { level: string; msg: string; obj: Record<string, unknown> }[];
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  return {
    lines,
    info: (obj, msg) => void lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => void lines.push({ level: 'warn', msg, obj }),
    error: (obj, msg) => void lines.push({ level: 'error', msg, obj }),
  };
}

/** A started delivery runtime on the world's database (a pool of its own), and how to stop it. */
export async function startRuntime(
  world: OpsWorld,
  settings: DeliverySettings = testSettings(),
  logger: CapturedLogger = captureLogger(),
): Promise<{ runtime: DeliveryRuntime; db: Db; logger: CapturedLogger; close(): Promise<void> }> {
  const db = createDb(world.test.url, { max: settings.concurrency + 2 });
  const runtime = createDeliveryRuntime({
    connectionString: world.test.url,
    db,
    logger,
    secrets: ring,
    settings,
  });
  await runtime.start();
  return {
    runtime,
    db,
    logger,
    close: async () => {
      await runtime.stop();
      await db.close();
    },
  };
}

/**
 * A delivery worker process (fixtures/delivery-worker.ts) on the world's database, once ready;
 * `node` runs it on another Node than this one (docs/events.md: the Node 20 check).
 */
export async function spawnWorker(
  world: OpsWorld,
  settings: DeliverySettings,
  node = process.execPath,
): Promise<ChildProcess> {
  const config = JSON.stringify({ url: world.test.url, keys: ringJson, settings });
  const child = spawn(node, ['--import', 'tsx', WORKER_SCRIPT, config], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited (${String(code)}) before ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return child;
}

/** Ends a worker process with `signal` and waits for it to be gone. */
export async function endWorker(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** Waits until `check` answers true (polling every 100 ms), failing after `ms`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 15_000,
  what = 'condition',
) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The deliveries of an installation by state. */
export async function deliveryStates(world: OpsWorld, installationId: string) {
  const { rows } = await world.test.admin.query<{ state: string; count: number }>(
    `select state, count(*)::int as count from public.event_deliveries
      where installation_id = $1 group by state`,
    [installationId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.count])) as Record<string, number>;
}
