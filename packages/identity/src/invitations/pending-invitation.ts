import { asServiceRole, type Tx } from '@aiconnected/db';
import { canAssignRole } from '@aiconnected/permissions';
import {
  type PendingInvitation,
  ShellError,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  loadActorView,
  type ActorWorkspaceAccess,
  requireCapability,
  requireWorkspaceCapability,
} from '@aiconnected/access';

/**
 * An invitation not yet accepted: an unused `invitation` token (its workspace, role and
 * address), for a new address (an `invited` user) or an existing account; neither has a
 * membership in the workspace until it accepts. Expired ones are listed too, so they can be sent again.
 * The API answers it as sdk-contracts' `PendingInvitation`, without `user_id`: whose invitation
 * it is stays internal (it would tell an account from a new address).
 */
export type PendingInvitationRecord = PendingInvitation & { user_id: string };

/** A pending invitation as pg returns `PENDING_INVITATION_SELECT`. */
export interface PendingInvitationRow {
  id: string;
  workspace_id: string;
  user_id: string;
  email: string;
  role_template: string;
  created_at: Date;
  expires_at: Date;
  expired: boolean;
}

/**
 * The select list of a PendingInvitationRow (`t` auth_tokens). The address is the one the
 * invitation was sent to (`invited_email`), never the account's current one: that may have
 * changed since, and belongs to the account, not to the inviter.
 */
export const PENDING_INVITATION_SELECT = `
  select t.id, t.workspace_id, t.user_id, t.invited_email as email, t.role_template, t.created_at,
         t.expires_at, t.expires_at <= now() as expired
    from public.auth_tokens t
   where t.purpose = 'invitation' and t.used_at is null`;

export function toPendingInvitation(row: PendingInvitationRow): PendingInvitationRecord {
  return {
    ...row,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
  };
}

/** Reads pending invitations past RLS (`auth_tokens` is service-only): callers check access first. */
export async function readPendingInvitations(
  tx: Tx,
  filter: { workspaceId: string } | { id: string },
): Promise<PendingInvitationRecord[]> {
  const [column, value] =
    'id' in filter ? ['t.id', filter.id] : ['t.workspace_id', filter.workspaceId];
  return asServiceRole(tx, 'identity: read pending invitations', async () => {
    const { rows } = await tx.query<PendingInvitationRow>(
      `${PENDING_INVITATION_SELECT} and ${column} = $1 order by t.created_at desc, t.id`,
      [value],
    );
    return rows.map(toPendingInvitation);
  });
}

/**
 * `NOT_FOUND` for an invitation that is not (or no longer) pending: no such id, another
 * tenant's, or accepted, resent or withdrawn by a concurrent request.
 */
export function invitationGone(id: string, why: string, meanwhile = false): ShellError {
  return new ShellError('NOT_FOUND', `pending invitation ${id} ${why}`, {
    userMessage: meanwhile
      ? 'This invitation changed meanwhile: it was resent, accepted or withdrawn. Reload the list.'
      : 'This invitation no longer exists: it was accepted or withdrawn.',
  });
}

/**
 * The pending invitation `id` when the actor may manage it, as for inviting: `users.invite`
 * in its workspace and the right to assign its role. An actor that claims `users.invite`
 * nowhere (its claims bound what it holds in every workspace it sees) is `PERMISSION_DENIED`
 * before any invitation is read, so it cannot tell an existing id from a random one. Else an
 * invitation the actor cannot see (no such id, another tenant's) is `NOT_FOUND`; lacking the
 * rights in its workspace is `PERMISSION_DENIED`.
 */
export async function requireManageableInvitation(
  tx: Tx,
  actor: WorkspaceContext,
  id: string,
  what: string,
): Promise<{ invitation: PendingInvitationRecord; access: ActorWorkspaceAccess }> {
  requireCapability(actor.permissions, 'users.invite', what);
  const [invitation] = await readPendingInvitations(tx, { id });
  const view = await loadActorView(tx, actor);
  const visible = invitation ? await view.accessTo(invitation.workspace_id) : null;
  if (!invitation || !visible) throw invitationGone(id, `not visible to ${actor.user_id}`);
  const access = await requireWorkspaceCapability(
    view,
    invitation.workspace_id,
    'users.invite',
    what,
  );
  if (!canAssignRole(access.capabilities, invitation.role_template)) {
    throw new ShellError('PERMISSION_DENIED', `may not ${what} for ${invitation.role_template}`, {
      userMessage: 'You cannot manage an invitation to a role with more rights than your own.',
      details: { role_template: invitation.role_template, reason: 'role_not_assignable' },
    });
  }
  return { invitation, access };
}
