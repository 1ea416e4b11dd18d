import type { TestDatabase } from '@aiconnected/db/testing';

// What the credentials API tests seed as the connections code and earlier policy saves leave
// it (those have their own tests in packages/integrations): an active connection, a policy.

/** An active connection of `workspaceId` for `providerKey` (its id). */
export async function seedActiveConnection(
  database: TestDatabase,
  workspaceId: string,
  providerKey: string,
): Promise<string> {
  const { rows } = await database.admin.query<{ id: string }>(
    `insert into public.integration_connections
       (workspace_id, provider_key, provider_account_ref, status, connected_at)
     values ($1, $2, 'main', 'active', now()) returning id`,
    [workspaceId, providerKey],
  );
  return rows[0]?.id ?? '';
}

/** The policy of (workspace, provider) letting it fall back to its parent. */
export async function seedFallbackPolicy(
  database: TestDatabase,
  workspaceId: string,
  providerKey: string,
  order: readonly string[],
): Promise<void> {
  await database.admin.query(
    `insert into public.credential_policies
       (workspace_id, provider_key, resolution_order_json, allow_parent_fallback)
     values ($1, $2, $3::jsonb, true)`,
    [workspaceId, providerKey, JSON.stringify(order)],
  );
}

/** The recorded decisions for `providerKey`, oldest first. */
export async function decisionRows(
  database: TestDatabase,
  providerKey: string,
): Promise<Record<string, unknown>[]> {
  const { rows } = await database.admin.query<Record<string, unknown>>(
    `select * from public.credential_resolution_decisions where provider_key = $1
      order by created_at, id`,
    [providerKey],
  );
  return rows;
}
