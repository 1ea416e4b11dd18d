import { asServiceRole, type Db } from '@aiconnected/db';
import type { PendingInvitation, WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit } from '@aiconnected/access';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import type { Mailer } from '../mail/create-mailer';
import { invitationMail } from '../mail/invitation-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { countInvitationMail } from './count-invitation-mail';
import {
  invitationGone,
  readPendingInvitations,
  requireManageableInvitation,
} from './pending-invitation';

export interface ResendInvitationInput {
  actor: WorkspaceContext;
  /** The pending invitation's id (`GET /invitations`). */
  invitationId: string;
  /** PLATFORM_PUBLIC_BASE_URL: the link in the mail points there. */
  baseUrl: string;
  correlationId: string;
  /** The invitation mail budgets, as for `inviteMember` (`countInvitationMail`). */
  limiter?: AuthRateLimiter;
}

/**
 * `POST /invitations/{id}/resend`: mails the invitation again with a new link and a new
 * expiry (the old link stops working), whether it had expired or not. Authorised like
 * inviting (`requireManageableInvitation`); audits `user.invitation_resent`. The mail goes
 * out after the commit. With `limiter`, it counts against the inviter's and the workspace's
 * mail budgets first, as an invite does (`countInvitationMail`: `RATE_LIMITED`), given back
 * when the resend then fails.
 */
export async function resendInvitation(
  db: Db,
  mailer: Mailer,
  input: ResendInvitationInput,
): Promise<PendingInvitation> {
  const { actor } = input;
  return countInvitationMail(
    db,
    input.limiter,
    actor,
    async (tx) => {
      const { invitation } = await requireManageableInvitation(
        tx,
        actor,
        input.invitationId,
        'resending an invitation',
      );
      return invitation.workspace_id;
    },
    () => resend(db, mailer, input),
  );
}

/** The resend itself, once counted: a new link written as the actor, mailed after the commit. */
async function resend(
  db: Db,
  mailer: Mailer,
  input: ResendInvitationInput,
): Promise<PendingInvitation> {
  const { actor } = input;
  const outcome = await db.withWorkspace(actor, async (tx) => {
    const { invitation, access } = await requireManageableInvitation(
      tx,
      actor,
      input.invitationId,
      'resending an invitation',
    );
    const { token, id: renewedId } = await asServiceRole(
      tx,
      'identity: reissue an invitation token',
      async () => {
        // The user row first, as the revoke, an invite and an acceptance (`consumeToken`) take
        // it before any token, so none of them deadlock;
        // then the token, still unused: a revoke, an acceptance or another resend that
        // committed since it was read leaves nothing to renew (`NOT_FOUND`, no token revived).
        await tx.query('select 1 from public.users where id = $1 for no key update', [
          invitation.user_id,
        ]);
        const { rowCount } = await tx.query(
          'delete from public.auth_tokens where id = $1 and used_at is null',
          [invitation.id],
        );
        if (!rowCount) throw invitationGone(invitation.id, 'was withdrawn meanwhile', true);
        return issueToken(tx, {
          purpose: 'invitation',
          userId: invitation.user_id,
          workspaceId: invitation.workspace_id,
          roleTemplate: invitation.role_template,
          invitedEmail: invitation.email,
          createdByUserId: actor.user_id,
          ttlMinutes: TOKEN_TTL_MINUTES.invitation,
        });
      },
    );
    const [renewed] = await readPendingInvitations(tx, { id: renewedId });
    await recordAudit(tx, actor, {
      workspaceId: invitation.workspace_id,
      action: 'user.invitation_resent',
      targetType: 'invitation',
      targetId: renewedId,
      // The address, never the account: the row must not name an existing account (its audit
      // snapshot would show it) before its owner accepts, as for `user.invite`.
      metadata: { email: invitation.email, role_template: invitation.role_template },
      correlationId: input.correlationId,
    });
    const mail = invitationMail({
      to: invitation.email,
      workspaceName: access.workspace.name,
      baseUrl: input.baseUrl,
      token,
      expiresInHours: TOKEN_TTL_MINUTES.invitation / 60,
    });
    return { invitation: renewed ?? invitation, mail };
  });
  await mailer.send(outcome.mail);
  const { user_id: _userId, ...invitation } = outcome.invitation;
  return invitation;
}
