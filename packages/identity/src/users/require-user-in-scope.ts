import { asServiceRole, type Tx } from '@aiconnected/db';
import { isUserInScope } from '@aiconnected/permissions';
import type { ActorView } from './load-actor-view';
import { userOutOfScope } from './user-errors';
import { USER_COLUMNS, type UserRow } from './user-record';

/** A user someone acts on: the row, and every workspace they belong to (active or not). */
export interface TargetUser {
  row: UserRow;
  workspaceIds: string[];
}

/** Reads a user and their membership workspaces past RLS (as the service); null when unknown. */
export async function loadTargetUser(tx: Tx, userId: string): Promise<TargetUser | null> {
  return asServiceRole(tx, 'identity: read the target user and their memberships', async () => {
    const { rows } = await tx.query<UserRow & { workspace_ids: string[] }>(
      `select ${USER_COLUMNS},
              array(select m.workspace_id from public.workspace_memberships m
                     where m.user_id = u.id) as workspace_ids
         from public.users u
        where u.id = $1`,
      [userId],
    );
    const row = rows[0];
    if (!row) return null;
    const { workspace_ids: workspaceIds, ...user } = row;
    return { row: user, workspaceIds };
  });
}

/**
 * The target user when the actor holds `users.manage` in every workspace they belong to (or
 * acts as the platform's users manager); `WORKSPACE_FORBIDDEN` otherwise, also for an unknown
 * id. The scope rule of PRD §7 (docs/identity.md "Scope rules").
 */
export async function requireUserInScope(
  tx: Tx,
  view: ActorView,
  userId: string,
): Promise<TargetUser> {
  const target = await loadTargetUser(tx, userId);
  if (target === null) throw userOutOfScope(userId);
  const managed: string[] = [];
  for (const workspaceId of target.workspaceIds) {
    // One at a time: accessTo switches the role of tx.
    const access = await view.accessTo(workspaceId);
    if (access?.capabilities.includes('users.manage')) managed.push(workspaceId);
  }
  const inScope = isUserInScope({
    actorManagedWorkspaceIds: managed,
    targetWorkspaceIds: target.workspaceIds,
    actorIsPlatformUsersManager: view.platformScope,
  });
  if (!inScope) throw userOutOfScope(userId);
  return target;
}
