import type { Tx } from '@aiconnected/db';
import type { WorkspaceOption } from '@aiconnected/sdk-contracts';

/**
 * The workspaces a user may choose at sign-in and in the switcher: their active memberships
 * in active workspaces (docs/identity.md "Workspace resolution"), super first, then agencies,
 * then businesses, each by name. An inactive user has none. Reads past RLS (withService).
 */
export async function listWorkspaceOptions(tx: Tx, userId: string): Promise<WorkspaceOption[]> {
  const { rows } = await tx.query<WorkspaceOption>(
    `select w.id, w.name, w.type, m.role_template
       from public.workspace_memberships m
       join public.users u on u.id = m.user_id and u.status = 'active'
       join public.workspaces w on w.id = m.workspace_id and w.status = 'active'
      where m.user_id = $1 and m.active
      order by array_position(array['super', 'agency', 'business'], w.type), w.name, w.id`,
    [userId],
  );
  return rows;
}
