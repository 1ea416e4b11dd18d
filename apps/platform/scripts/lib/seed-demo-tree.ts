import type { Db, Tx } from '@aiconnected/db';
import { hashPassword } from '@aiconnected/identity';
import { DEMO_TREE, type DemoWorkspace } from './demo-tree';

export interface SeedResult {
  created: boolean;
  workspaces: { name: string; type: string }[];
  users: { email: string; role: string; workspace: string }[];
}

/**
 * Seeds the demo tenant tree once: when a super workspace already exists the database is left
 * as it is (nothing a user saved is ever overwritten). Every demo user can sign in with
 * `password` (DEMO_PASSWORD). Local use only; callers refuse elsewhere.
 */
export async function seedDemoTree(
  db: Db,
  { password }: { password: string },
): Promise<SeedResult> {
  return db.withService('seed the local demo tenant tree', async (tx) => {
    const result: SeedResult = { created: false, workspaces: [], users: [] };
    const existing = await tx.query("select 1 from public.workspaces where type = 'super'");
    if (existing.rowCount) return result;
    await insertWorkspace(tx, DEMO_TREE, null, result, password);
    result.created = true;
    return result;
  });
}

async function insertWorkspace(
  tx: Tx,
  node: DemoWorkspace,
  parentId: string | null,
  result: SeedResult,
  password: string,
): Promise<void> {
  const { type } = node;
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.workspaces (type, parent_workspace_id, name, slug, status)
     values ($1, $2, $3, $4, 'active') returning id`,
    [type, parentId, node.name, node.slug],
  );
  const workspaceId = rows[0]?.id;
  if (!workspaceId) throw new Error(`workspace ${node.name} was not created`);
  result.workspaces.push({ name: node.name, type });
  for (const member of node.members) {
    const user = await tx.query<{ id: string }>(
      `insert into public.users (email, display_name, status) values ($1, $2, 'active')
       on conflict (email) do update set email = excluded.email returning id`,
      [member.email, member.displayName],
    );
    const userId = user.rows[0]?.id;
    await tx.query(
      `insert into public.user_credentials (user_id, password_hash) values ($1, $2)
       on conflict (user_id) do nothing`,
      [userId, await hashPassword(password)],
    );
    await tx.query(
      `insert into public.workspace_memberships (workspace_id, user_id, role_template, active)
       values ($1, $2, $3, true)`,
      [workspaceId, userId, member.role],
    );
    result.users.push({ email: member.email, role: member.role, workspace: node.name });
  }
  for (const child of node.children ?? [])
    await insertWorkspace(tx, child, workspaceId, result, password);
}
