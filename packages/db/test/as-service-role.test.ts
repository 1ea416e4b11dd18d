import { asServiceRole, writeAuditLog } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';

let test: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const { rows } = await test.admin.query<{ id: string }>(
    "insert into public.workspaces (type, name, status) values ('super', 'Elevation test', 'active') returning id",
  );
  workspaceId = rows[0]?.id ?? '';
});
afterAll(async () => {
  await test.drop();
});

const context = () => ({
  user_id: randomUUID(),
  session_id: randomUUID(),
  workspace_id: workspaceId,
  role_template: 'super_admin',
  permissions: [],
  impersonation: NOT_IMPERSONATING,
});

it('writes service-only rows in the tenant transaction, then drops back to authenticated', async () => {
  const roles = await test.db.withWorkspace(context(), async (tx) => {
    const inside = await asServiceRole(tx, 'audit the change', async () => {
      await writeAuditLog(tx, {
        workspaceId,
        actorUserId: null,
        action: 'workspace.rename',
        targetType: 'test',
        correlationId: 'elevate-test',
      });
      return (await tx.query<{ role: string }>('select current_user as role')).rows[0]?.role;
    });
    const after = (await tx.query<{ role: string }>('select current_user as role')).rows[0]?.role;
    return { inside, after };
  });
  expect(roles).toStrictEqual({ inside: 'service_role', after: 'authenticated' });
  const { rows } = await test.admin.query(
    "select count(*)::int as n from public.audit_logs where correlation_id = 'elevate-test'",
  );
  expect(rows[0]?.n).toBe(1);
});

it('is refused to a plain authenticated statement: audit_logs stays service-write only', async () => {
  await expect(
    test.db.withWorkspace(context(), (tx) =>
      writeAuditLog(tx, {
        workspaceId,
        actorUserId: null,
        action: 'workspace.rename',
        targetType: 'test',
      }),
    ),
  ).rejects.toMatchObject({ code: '42501' });
});

it("throws fn's own error when a failed statement aborted the transaction, not the reset's 25P02", async () => {
  const failure = test.db
    .withWorkspace(context(), (tx) =>
      asServiceRole(tx, 'a statement that fails', () => tx.query('select 1 / 0')),
    )
    .catch((error: unknown) => error);
  expect(await failure).toMatchObject({ code: '22012' });
});

it('returns to authenticated when fn throws without aborting the transaction', async () => {
  const role = await test.db.withWorkspace(context(), async (tx) => {
    await asServiceRole(tx, 'throw in code', () =>
      Promise.reject(new Error('refused in code')),
    ).catch(() => undefined);
    return (await tx.query<{ role: string }>('select current_user as role')).rows[0]?.role;
  });
  expect(role).toBe('authenticated');
});
