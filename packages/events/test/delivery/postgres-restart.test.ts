import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, migrateUp, MIGRATIONS_DIR } from '@aiconnected/db';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@aiconnected/db/embedded';
import { seedTenantTree, TENANT_USERS, TENANT_WORKSPACES } from '@aiconnected/db/testing';
import { startWebhookReceiver, type WebhookReceiver } from '../../src/testing/webhook-receiver';
import type { OpsWorld } from '../operations/support';
import {
  deliveryStates,
  seedDeliveries,
  seedReceiverModule,
  startRuntime,
  testSettings,
  waitFor,
} from './support';

// Postgres restarted under a running delivery runtime: a private embedded server of this
// file's own (never the shared one), stopped mid-run and started again on the same data; the
// runtime (pg-boss, the listener, the drains) recovers without being restarted.

let dataDir = '';
let port = 0;
let server: EmbeddedPostgresServer | undefined;
let world: OpsWorld;
let receiver: WebhookReceiver;

/**
 * A free port below Linux's ephemeral range (32768-60999): the server is stopped mid-test and
 * started again on it, and a port the kernel hands out for `listen(0)` could be taken meanwhile
 * by any other test's listener; one outside that range only by a listener asking for it.
 */
async function freePort(): Promise<number> {
  for (let tries = 0; ; tries += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    const probe = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(candidate, '127.0.0.1', () => resolve(true));
    });
    if (bound) {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      return candidate;
    }
    if (tries >= 50) throw new Error('no free port between 20000 and 32000');
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'events-restart-pg-'));
  port = await freePort();
  server = await startEmbeddedPostgres({ dataDir, port });
  const url = server.connectionString;
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => undefined);
  await migrateUp(admin, { dir: MIGRATIONS_DIR });
  const tree = await seedTenantTree(admin, { workspaces: TENANT_WORKSPACES, users: TENANT_USERS });
  const db = createDb(url, { max: 4 });
  world = {
    test: { name: 'postgres', url, db, admin, drop: () => Promise.resolve() },
    tree,
  };
  receiver = await startWebhookReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await world?.test.db.close();
  await world?.test.admin.end();
  await server?.stop();
  const placed = server?.dataDir;
  await rm(dataDir, { recursive: true, force: true });
  if (placed && placed !== dataDir) await rm(placed, { recursive: true, force: true });
});

it('delivers everything after Postgres restarts mid-run, in order, without restarting the runtime', async () => {
  const module = await seedReceiverModule(world, receiver.baseUrl);
  const streams = ['r1', 'r2'];
  for (const stream of streams) {
    await seedDeliveries(world, {
      workspaceId: world.tree.workspaces.A1.id,
      stream,
      count: 300,
      installationIds: [module.installationId],
    });
  }
  receiver.answer = () => ({ status: 204, delayMs: 5 });
  const running = await startRuntime(
    world,
    testSettings({ concurrency: 2, heartbeatSeconds: 10, sweepIntervalMs: 500 }),
  );
  try {
    await waitFor(() => receiver.received.length >= 100, 30_000, 'the first deliveries');
    await server?.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server = await startEmbeddedPostgres({ dataDir, port });
    // New events after the restart reach the lanes too (notifications on a new connection).
    await seedDeliveries(world, {
      workspaceId: world.tree.workspaces.A1.id,
      stream: 'r1',
      count: 10,
      installationIds: [module.installationId],
    });
    await waitFor(
      async () => (await deliveryStates(world, module.installationId)).delivered === 610,
      60_000,
      'all 610 delivered after the restart',
    );
  } finally {
    await running.close();
  }
  for (const [stream, count] of [
    ['r1', 310],
    ['r2', 300],
  ] as const) {
    const firsts: number[] = [];
    const seen = new Set<string>();
    for (const r of receiver.received) {
      const envelope = r.json as { id: string; partitionkey: string; sequence: string };
      if (envelope.partitionkey !== stream || seen.has(envelope.id)) continue;
      seen.add(envelope.id);
      firsts.push(Number(envelope.sequence));
    }
    expect(firsts).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  }
}, 120_000);
