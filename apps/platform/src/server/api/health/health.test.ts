import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, listMigrations, MIGRATIONS_DIR, type Db } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import type { ApiApp } from '@/server/api/context';
import { correlationIdOf, createTestApi } from '@/server/api/testing';

/** Asks `GET /api/health` and asserts its status and whole answer. */
async function expectHealth(
  api: ApiApp,
  status: number,
  answer: { status: string; database: string; schema_version: number | null | undefined },
): Promise<Response> {
  const response = await api.request('/api/health');
  expect(response.status).toBe(status);
  expect(await response.json()).toStrictEqual(answer);
  return response;
}

describe('GET /api/health with a migrated database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('answers 200 with the version of the newest migration', async () => {
    const migrations = await listMigrations(MIGRATIONS_DIR);
    const newest = migrations.at(-1)?.version;
    const { api } = createTestApi(database.db);

    await expectHealth(api, 200, {
      status: 'ok',
      database: 'ok',
      schema_version: newest,
    });
    expect(Number.isInteger(newest)).toBe(true);
  });
});

describe('GET /api/health with a reachable but unmigrated database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ empty: true });
  });
  afterAll(async () => {
    await database.drop();
  });

  it('answers 503 degraded: the database is up but has no schema', async () => {
    const { api } = createTestApi(database.db);

    await expectHealth(api, 503, {
      status: 'degraded',
      database: 'ok',
      schema_version: null,
    });
  });
});

describe('GET /api/health without a usable database', () => {
  let unreachable: Db;

  beforeAll(() => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    unreachable = createDb('postgres://postgres@127.0.0.1:1/none');
  });
  afterAll(async () => {
    await unreachable.close();
  });

  it('answers 503 degraded when the database refuses connections, and logs why', async () => {
    const { api, logs } = createTestApi(unreachable);

    const response = await expectHealth(api, 503, {
      status: 'degraded',
      database: 'unavailable',
      schema_version: null,
    });
    const warning = logs.find((line) => line.msg === 'health: database unavailable');
    expect(warning).toMatchObject({ level: 'warn', correlation_id: correlationIdOf(response) });
  });

  it('answers 503 degraded when no database is configured', async () => {
    const { api } = createTestApi(null);

    await expectHealth(api, 503, {
      status: 'degraded',
      database: 'unavailable',
      schema_version: null,
    });
  });

  it('gives up after the probe timeout when the database accepts the connection but never answers', async () => {
    const { createServer } = await import('node:net');
    // Accepts TCP connections and never speaks: what a hung server looks like to pg. Without
    // the probe timeout this request would hang until the test times out.
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    const hanging = createDb(`postgres://postgres@127.0.0.1:${address.port}/none`);
    try {
      const { api } = createTestApi(hanging, { healthProbeTimeoutMs: 200 });

      await expectHealth(api, 503, {
        status: 'degraded',
        database: 'unavailable',
        schema_version: null,
      });
    } finally {
      // Dropping the sockets fails the pending connection, which lets the pool close.
      for (const socket of sockets) socket.destroy();
      silent.close();
      await hanging.close();
    }
  });
});
