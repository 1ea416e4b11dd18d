import { writeAuditLog } from '@aiconnected/db';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let test: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  const { rows } = await test.admin.query<{ id: string }>(
    "insert into public.workspaces (type, name, status) values ('super', 'Audit test platform', 'active') returning id",
  );
  workspaceId = rows[0]?.id ?? '';
});
afterAll(async () => {
  await test.drop();
});

it('appends the entry inside the service transaction, with its metadata and correlation id', async () => {
  await test.db.withService('audit writer test', (tx) =>
    writeAuditLog(tx, {
      workspaceId,
      actorUserId: null,
      action: 'workspace.rename',
      targetType: 'workspace',
      targetId: workspaceId,
      metadata: { from: 'A', to: 'B' },
      correlationId: 'corr-123',
    }),
  );
  const { rows } = await test.admin.query(
    'select workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id, metadata_json, correlation_id from public.audit_logs',
  );
  expect(rows).toStrictEqual([
    {
      workspace_id: workspaceId,
      actor_user_id: null,
      impersonator_user_id: null,
      action: 'workspace.rename',
      target_type: 'workspace',
      target_id: workspaceId,
      metadata_json: { from: 'A', to: 'B' },
      correlation_id: 'corr-123',
    },
  ]);
});

it('rolls back with the action it belongs to', async () => {
  await expect(
    test.db.withService('audit writer rollback test', async (tx) => {
      await writeAuditLog(tx, {
        workspaceId,
        actorUserId: null,
        action: 'workspace.rename',
        targetType: 'workspace',
      });
      throw new Error('the action failed');
    }),
  ).rejects.toThrow('the action failed');
  const { rows } = await test.admin.query(
    'select count(*)::int as n from public.audit_logs where correlation_id is null',
  );
  expect(rows[0]?.n).toBe(0);
});
