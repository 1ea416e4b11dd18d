import { randomUUID } from 'node:crypto';
import type { Db } from '@aiconnected/db';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';

/** The acting context of a demo user in a workspace, as the guard builds it. */
export async function actorOf(
  db: Db,
  email: string,
  workspaceSlug: string,
  role: RoleTemplate,
): Promise<WorkspaceContext> {
  const { rows } = await db.pool.query<{ user_id: string; workspace_id: string }>(
    `select u.id as user_id, w.id as workspace_id
       from public.users u, public.workspaces w
      where u.email = $1 and w.slug = $2`,
    [email, workspaceSlug],
  );
  const [row] = rows;
  if (!row) throw new Error(`the demo tree has no ${email} or workspace ${workspaceSlug}`);
  return {
    user_id: row.user_id,
    session_id: randomUUID(),
    workspace_id: row.workspace_id,
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  };
}
