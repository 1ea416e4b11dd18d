import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit } from '@aiconnected/access';
import { invitationGone, requireManageableInvitation } from './pending-invitation';

export interface RevokeInvitationInput {
  actor: WorkspaceContext;
  invitationId: string;
  correlationId: string;
}

/**
 * `DELETE /invitations/{id}`: withdraws a pending invitation; its link stops working. There is
 * no membership to remove: it is created only on acceptance. A new address's `invited` user
 * row, created for the invitation, is removed with it when nothing else holds it
 * (`removePendingUser`); an account that ever signed in is never touched. Authorised like
 * inviting (`requireManageableInvitation`); audits `user.invitation_revoked` in the
 * invitation's workspace and a removal as `user.pending_removed` in the platform workspace
 * (the invitation's workspace must not learn whether the address had an account), all in
 * the revoke's transaction.
 */
export async function revokeInvitation(db: Db, input: RevokeInvitationInput): Promise<void> {
  const { actor } = input;
  await db.withWorkspace(actor, async (tx) => {
    const { invitation } = await requireManageableInvitation(
      tx,
      actor,
      input.invitationId,
      'revoking an invitation',
    );
    const removed = await asServiceRole(tx, 'identity: withdraw an invitation', async () => {
      // The user row first, then its token: the order an invitation takes them in
      // (`findUserByEmail` locks the row, then the token is written) and an acceptance takes
      // them in (`consumeToken`), so none of them deadlock.
      await tx.query('select 1 from public.users where id = $1 for update', [invitation.user_id]);
      // Still unused: a resend (a new token, this one gone) or an acceptance that committed
      // since it was read leaves nothing to withdraw (`NOT_FOUND`; the renewed one stays).
      const { rowCount } = await tx.query(
        'delete from public.auth_tokens where id = $1 and used_at is null',
        [invitation.id],
      );
      if (!rowCount) throw invitationGone(invitation.id, 'was resent or accepted meanwhile', true);
      return removePendingUser(tx, invitation.user_id);
    });
    await recordAudit(tx, actor, {
      workspaceId: invitation.workspace_id,
      action: 'user.invitation_revoked',
      targetType: 'invitation',
      targetId: invitation.id,
      // The address, never the account, as for `user.invite`.
      metadata: { email: invitation.email, role_template: invitation.role_template },
      correlationId: input.correlationId,
    });
    if (removed !== null) {
      await recordAudit(tx, actor, {
        workspaceId: removed.platformWorkspaceId,
        action: 'user.pending_removed',
        targetType: 'user',
        targetId: invitation.user_id,
        metadata: { email: invitation.email, invitation_id: invitation.id },
        correlationId: input.correlationId,
      });
    }
  });
}

/**
 * Deletes user `userId` when it is still the `invited` row an invitation created: never
 * activated, no membership (of any workspace, active or not), no other token (another
 * tenant's pending invitation, a link), no session and no password.
 * The caller has locked the row (`for update`): an invitation of the address holds it
 * (`for key share`) until it commits, so its new token is seen by this statement (READ
 * COMMITTED: a fresh snapshot after the lock wait), or it waits for this transaction and then
 * writes a new `invited` user. Runs as the service (the caller checked).
 */
async function removePendingUser(
  tx: Tx,
  userId: string,
): Promise<{ platformWorkspaceId: string } | null> {
  const { rows } = await tx.query<{ platform_workspace_id: string }>(
    `delete from public.users u
      where u.id = $1 and u.status = 'invited'
        and not exists (select 1 from public.workspace_memberships m where m.user_id = u.id)
        and not exists (select 1 from public.auth_tokens t where t.user_id = u.id)
        and not exists (select 1 from public.sessions s where s.user_id = u.id)
        and not exists (select 1 from public.user_credentials c where c.user_id = u.id)
      returning (select w.id from public.workspaces w where w.type = 'super') as platform_workspace_id`,
    [userId],
  );
  const [row] = rows;
  return row ? { platformWorkspaceId: row.platform_workspace_id } : null;
}
