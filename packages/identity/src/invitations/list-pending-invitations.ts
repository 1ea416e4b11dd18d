import { canAssignRole } from '@aiconnected/permissions';
import type { Db } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '../users/load-actor-view';
import { requireWorkspaceCapability } from '../users/require-access';
import { readPendingInvitations, type PendingInvitation } from './pending-invitation';

export interface ListPendingInvitationsInput {
  actor: WorkspaceContext;
  workspaceId: string;
}

/** A pending invitation as answered (without its user) and whether the actor may manage it. */
export interface ListedInvitation extends Omit<PendingInvitation, 'user_id'> {
  /** The same rule `resendInvitation` and `revokeInvitation` apply (the role is assignable). */
  can_manage: boolean;
}

/**
 * `GET /invitations?workspace_id=`: the workspace's invitations not yet accepted, newest
 * first, for new addresses and existing accounts alike. Needs `users.invite` there
 * (`WORKSPACE_FORBIDDEN` for a workspace the actor cannot see, `PERMISSION_DENIED` without it).
 */
export async function listPendingInvitations(
  db: Db,
  input: ListPendingInvitationsInput,
): Promise<ListedInvitation[]> {
  return db.withWorkspace(input.actor, async (tx) => {
    const view = await loadActorView(tx, input.actor);
    const access = await requireWorkspaceCapability(
      view,
      input.workspaceId,
      'users.invite',
      'listing invitations',
    );
    const invitations = await readPendingInvitations(tx, { workspaceId: input.workspaceId });
    return invitations.map(({ user_id: _userId, ...invitation }) => ({
      ...invitation,
      can_manage: canAssignRole(access.capabilities, invitation.role_template),
    }));
  });
}
