import type { Db } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from './load-actor-view';
import type { UserStatus } from './user-record';
import { workspaceForbidden } from './user-errors';

/** A member of a workspace: the user and their membership there (`GET /users?workspace_id=`). */
export interface WorkspaceUser {
  id: string;
  email: string;
  display_name: string | null;
  status: UserStatus;
  membership_id: string;
  role_template: string;
  /** Whether the membership is active (the user's own status is `status`). */
  active: boolean;
  created_at: string;
}

export interface ListWorkspaceUsersInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

interface Row extends Omit<WorkspaceUser, 'created_at'> {
  created_at: Date;
}

/**
 * The users of a workspace with their membership's role, active flag and their status, by
 * email. Any workspace the actor can see (`WORKSPACE_FORBIDDEN` otherwise); read as the actor,
 * so RLS filters the rows as well.
 */
export async function listWorkspaceUsers(
  db: Db,
  input: ListWorkspaceUsersInput,
): Promise<WorkspaceUser[]> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    if ((await view.accessTo(input.workspaceId)) === null)
      throw workspaceForbidden(input.workspaceId);
    const { rows } = await tx.query<Row>(
      `select u.id, u.email, u.display_name, u.status, m.id as membership_id, m.role_template, m.active,
              u.created_at
         from public.workspace_memberships m
         join public.users u on u.id = m.user_id
        where m.workspace_id = $1
        order by u.email`,
      [input.workspaceId],
    );
    return rows.map((row) => ({ ...row, created_at: row.created_at.toISOString() }));
  });
}
