import { randomUUID } from 'node:crypto';
import { buildWorkspaceClaims, createDb, type DbLogger } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSupabaseRoles } from './support/ensure-roles';

let test: TestDatabase;

const context: WorkspaceContext = {
  user_id: randomUUID(),
  session_id: randomUUID(),
  workspace_id: randomUUID(),
  role_template: 'agency_admin',
  permissions: ['users.invite', 'settings.manage'],
  impersonation: NOT_IMPERSONATING,
};

beforeAll(async () => {
  test = await createTestDatabase();
  await ensureSupabaseRoles(test.admin);
  // A probe table outside `public`, so it stays out of the RLS rules of shell tables.
  await test.admin.query(`
    create schema probe;
    create table probe.notes (body text not null);
    grant usage on schema probe to authenticated, service_role;
    grant select, insert on probe.notes to authenticated, service_role;`);
});
afterAll(async () => {
  await test.drop();
});

/** Rows of probe.notes, read as the superuser. */
async function notes(): Promise<string[]> {
  const { rows } = await test.admin.query<{ body: string }>(
    'select body from probe.notes order by body',
  );
  return rows.map((row) => row.body);
}

/** No client is left checked out of the pool. */
function expectAllClientsReleased() {
  const { pool } = test.db;
  expect(pool.totalCount - pool.idleCount).toBe(0);
}

describe('withWorkspace', () => {
  it('runs as authenticated with the context as request.jwt.claims', async () => {
    const seen = await test.db.withWorkspace(context, async (tx) => {
      const { rows } = await tx.query<{ user: string; claims: string }>(
        "select current_user as user, current_setting('request.jwt.claims') as claims",
      );
      return rows[0];
    });
    expect(seen?.user).toBe('authenticated');
    expect(JSON.parse(seen?.claims ?? 'null')).toStrictEqual({
      sub: context.user_id,
      role: 'authenticated',
      session_id: context.session_id,
      workspace_id: context.workspace_id,
      role_template: 'agency_admin',
      permissions: ['users.invite', 'settings.manage'],
      impersonation: {
        active: false,
        actor_user_id: null,
        actor_workspace_id: null,
        target_workspace_id: null,
      },
    });
    expect(JSON.parse(seen?.claims ?? 'null')).toStrictEqual(buildWorkspaceClaims(context));
    expectAllClientsReleased();
  });

  it('carries impersonation into the claims', async () => {
    const impersonation = {
      active: true,
      actor_user_id: randomUUID(),
      actor_workspace_id: randomUUID(),
      target_workspace_id: context.workspace_id,
    };
    const claims = await test.db.withWorkspace({ ...context, impersonation }, async (tx) => {
      const { rows } = await tx.query<{ claims: string }>(
        "select current_setting('request.jwt.claims') as claims",
      );
      return JSON.parse(rows[0]?.claims ?? 'null');
    });
    expect(claims.impersonation).toStrictEqual(impersonation);
  });

  it('leaves neither role nor claims on the connection afterwards', async () => {
    await test.db.withWorkspace(context, async (tx) => tx.query('select 1'));
    const client = await test.db.pool.connect();
    try {
      const { rows } = await client.query(
        "select current_user as user, coalesce(current_setting('request.jwt.claims', true), '') as claims",
      );
      expect(rows).toStrictEqual([{ user: 'postgres', claims: '' }]);
    } finally {
      client.release();
    }
  });

  it('commits when fn resolves', async () => {
    const body = `committed ${randomUUID()}`;
    await test.db.withWorkspace(context, (tx) =>
      tx.query('insert into probe.notes (body) values ($1)', [body]),
    );
    expect(await notes()).toContain(body);
  });

  it('rolls back and rethrows when fn throws, and releases the client', async () => {
    const body = `rolled back ${randomUUID()}`;
    const failure = new Error('route failed after writing');
    await expect(
      test.db.withWorkspace(context, async (tx) => {
        await tx.query('insert into probe.notes (body) values ($1)', [body]);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await notes()).not.toContain(body);
    expectAllClientsReleased();
  });

  it('refuses a malformed context before touching the database', async () => {
    const broken = { ...context, user_id: 'not-a-uuid' };
    await expect(test.db.withWorkspace(broken, () => Promise.resolve('ran'))).rejects.toThrow(
      /user_id/,
    );
  });
});

describe('withService', () => {
  it('requires a non-empty reason', async () => {
    for (const reason of ['', '   ']) {
      await expect(test.db.withService(reason, () => Promise.resolve('ran'))).rejects.toThrow(
        'withService requires a non-empty reason',
      );
    }
    // Callers outside TypeScript can still pass anything.
    await expect(
      test.db.withService(undefined as unknown as string, () => Promise.resolve('ran')),
    ).rejects.toThrow(TypeError);
  });

  it('runs as service_role with the reason recorded, and logs the reason', async () => {
    const logged: { obj: Record<string, unknown>; msg: string }[] = [];
    const logger: DbLogger = { debug: (obj, msg) => logged.push({ obj, msg }) };
    const db = createDb(test.url, { logger, max: 1 });
    try {
      const seen = await db.withService('deliver events', async (tx) => {
        const { rows } = await tx.query(
          "select current_user as user, current_setting('shell.service_reason') as reason",
        );
        return rows[0];
      });
      expect(seen).toStrictEqual({ user: 'service_role', reason: 'deliver events' });
    } finally {
      await db.close();
    }
    expect(logged).toStrictEqual([
      { obj: { service_reason: 'deliver events' }, msg: 'service transaction' },
    ]);
  });

  it('rolls back when fn throws', async () => {
    const body = `service rolled back ${randomUUID()}`;
    await expect(
      test.db.withService('probe rollback', async (tx) => {
        await tx.query('insert into probe.notes (body) values ($1)', [body]);
        throw new Error('delivery failed');
      }),
    ).rejects.toThrow('delivery failed');
    expect(await notes()).not.toContain(body);
    expectAllClientsReleased();
  });
});

describe('callService', () => {
  beforeAll(async () => {
    // A stand-in for a service-only SECURITY DEFINER function (as migration 019's).
    await test.admin.query(`
      create function shell.probe_call(n integer, label text)
      returns table (twice integer, label text, caller text, owner text)
      language sql volatile security definer set search_path = ''
      as $$ select n * 2, label, session_user::text, current_user::text $$;
      revoke all on function shell.probe_call(integer, text) from public;
      grant execute on function shell.probe_call(integer, text) to service_role;`);
  });
  afterAll(async () => {
    await test.admin.query('drop function shell.probe_call(integer, text)');
  });

  it('calls the function as one statement in its own transaction, prepared per connection, and logs the reason', async () => {
    const logged: { obj: Record<string, unknown>; msg: string }[] = [];
    const db = createDb(test.url, {
      logger: { debug: (obj, msg) => logged.push({ obj, msg }) },
      max: 1,
    });
    const login = (await test.admin.query<{ u: string }>('select current_user as u')).rows[0]?.u;
    try {
      const first = await db.callService('probe call', 'shell.probe_call', [21, 'a']);
      const second = await db.callService('probe call', 'shell.probe_call', [4, 'b']);
      expect([...first, ...second]).toStrictEqual([
        // The pool's login role calls; the function runs as its owner (the migrating role).
        { twice: 42, label: 'a', caller: login, owner: login },
        { twice: 8, label: 'b', caller: login, owner: login },
      ]);
      const { rows } = await db.pool.query(
        "select name from pg_prepared_statements where statement like '%shell.probe_call%'",
      );
      expect(rows).toStrictEqual([{ name: 'call:shell.probe_call/2' }]);
    } finally {
      await db.close();
    }
    expect(logged[0]).toStrictEqual({
      obj: { service_reason: 'probe call', function: 'shell.probe_call' },
      msg: 'service call',
    });
    expectAllClientsReleased();
  });

  it('refuses anything but a plain function name of schema shell, and an empty reason', async () => {
    for (const fn of [
      'public.probe',
      'shell.probe_call(1); drop table x; --',
      'shell."X"',
      'probe_call',
    ]) {
      await expect(test.db.callService('probe', fn, [])).rejects.toThrow(
        `callService calls a function of schema shell, not ${fn}`,
      );
    }
    await expect(test.db.callService(' ', 'shell.probe_call', [1, 'a'])).rejects.toThrow(
      'callService requires a non-empty reason',
    );
  });

  it('passes database errors through', async () => {
    await expect(test.db.callService('probe', 'shell.probe_call', ['x', 'a'])).rejects.toThrow(
      /invalid input syntax for type integer/,
    );
  });
});

describe('close', () => {
  it('can be called twice', async () => {
    const db = createDb(test.url);
    await db.withService('close twice', (tx) => tx.query('select 1'));
    await db.close();
    await expect(db.close()).resolves.toBeUndefined();
  });
});
