import { asServiceRole, type Db } from '@aiconnected/db';
import { type ResetLinkSent, ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit, loadActorView, requireActiveCapability } from '@aiconnected/access';
import type { Mailer } from '../mail/create-mailer';
import { passwordResetMail } from '../mail/password-reset-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { requireManageableUser } from './require-manageable-user';

export interface CreateResetLinkInput {
  actor: WorkspaceContext;
  userId: string;
  /** PLATFORM_PUBLIC_BASE_URL: the link in the mail points there. */
  baseUrl: string;
  correlationId: string;
}

/**
 * Admin-triggered password reset: mails the user a single-use reset link. Needs
 * `users.password.reset` where the actor acts and the user manageable (`requireManageableUser`). The administrator
 * never sees a password or the token: the link goes only to the user's own address.
 * A suspended user gets no link (`CONFLICT`: reactivate first). Audited as
 * `user.password_reset_link`.
 */
export async function createResetLink(
  db: Db,
  mailer: Mailer,
  input: CreateResetLinkInput,
): Promise<ResetLinkSent> {
  const { actor } = input;
  const mail = await db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    requireActiveCapability(view, 'users.password.reset', 'sending a password reset link');
    const target = await requireManageableUser(tx, view, input.userId);
    if (target.row.status === 'suspended') {
      throw new ShellError('CONFLICT', `user ${input.userId} is suspended`, {
        userMessage: 'This user is suspended. Reactivate the account before sending a reset link.',
        details: { reason: 'user_suspended' },
      });
    }
    const { token } = await asServiceRole(
      tx,
      'identity: issue an admin-triggered reset token',
      () =>
        issueToken(tx, {
          purpose: 'password_reset',
          userId: input.userId,
          // Where the link was sent from: its use is audited there.
          workspaceId: actor.workspace_id,
          createdByUserId: actor.user_id,
          ttlMinutes: TOKEN_TTL_MINUTES.password_reset,
        }),
    );
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'user.password_reset_link',
      targetType: 'user',
      targetId: input.userId,
      correlationId: input.correlationId,
    });
    return passwordResetMail({
      to: target.row.email,
      baseUrl: input.baseUrl,
      token,
      expiresInMinutes: TOKEN_TTL_MINUTES.password_reset,
    });
  });
  await mailer.send(mail);
  return { reset_status: 'sent' };
}
