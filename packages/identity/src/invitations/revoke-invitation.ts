import { asServiceRole, type Db } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit } from '@aiconnected/access';
import { requireManageableInvitation } from './pending-invitation';

export interface RevokeInvitationInput {
  actor: WorkspaceContext;
  invitationId: string;
  correlationId: string;
}

/**
 * `DELETE /invitations/{id}`: withdraws a pending invitation; its link stops working. There is
 * no membership to remove: it is created only on acceptance (a new address keeps its
 * `invited` user row, which other invitations may share). Authorised
 * like inviting (`requireManageableInvitation`); audits `user.invitation_revoked`.
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
    await asServiceRole(tx, 'identity: withdraw an invitation', async () => {
      await tx.query('delete from public.auth_tokens where id = $1', [invitation.id]);
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
  });
}
