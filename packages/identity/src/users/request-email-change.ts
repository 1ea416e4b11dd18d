import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { recordAudit } from '../audit/record-audit';
import type { Mailer } from '../mail/create-mailer';
import { emailVerificationMail } from '../mail/email-verification-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { loadActorView } from './load-actor-view';
import { requireEmail } from './normalize-email';
import { requireActiveCapability } from './require-access';
import { loadTargetUser, requireUserInScope, type TargetUser } from './require-user-in-scope';
import { emailTaken, userOutOfScope } from './user-errors';
import { toUserRecord, type UserRecord } from './user-record';

export interface RequestEmailChangeInput {
  actor: WorkspaceContext;
  userId: string;
  newEmail: string;
  /** PLATFORM_PUBLIC_BASE_URL: the link in the mail points there. */
  baseUrl: string;
  correlationId: string;
}

export interface RequestEmailChangeResult {
  /** The user as they are: the address changes only once the new one is verified. */
  user: UserRecord;
  verification_status: 'pending';
}

/**
 * `PATCH /users/{id}/email`: mails a single-use verification link to the NEW address; the
 * change happens in `verifyEmailChange`, so nobody can move an account to an address they do
 * not read. Allowed for oneself, or with `users.email.update` where the actor acts and the
 * user in scope. An address already in use is `CONFLICT`. Audited as
 * `user.email_change_requested`.
 */
export async function requestEmailChange(
  db: Db,
  mailer: Mailer,
  input: RequestEmailChangeInput,
): Promise<RequestEmailChangeResult> {
  const { actor } = input;
  const newEmail = requireEmail(input.newEmail, 'new_email');
  const outcome = await db.withWorkspace(actor, async (tx) => {
    const target = await requireEmailEditor(tx, actor, input.userId);
    if (target.row.email === newEmail) {
      throw new ShellError('VALIDATION_BLOCKING', 'new email equals the current one', {
        userMessage: 'This is already the email address of the account.',
        details: { field: 'new_email', reason: 'unchanged' },
      });
    }
    const token = await asServiceRole(
      tx,
      'identity: issue an email verification token',
      async () => {
        const { rowCount } = await tx.query('select 1 from public.users where email = $1', [
          newEmail,
        ]);
        if ((rowCount ?? 0) > 0) throw emailTaken('new_email');
        return issueToken(tx, {
          purpose: 'email_verification',
          userId: input.userId,
          workspaceId: actor.workspace_id,
          newEmail,
          createdByUserId: actor.user_id,
          ttlMinutes: TOKEN_TTL_MINUTES.email_verification,
        });
      },
    );
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'user.email_change_requested',
      targetType: 'user',
      targetId: input.userId,
      metadata: { new_email: newEmail },
      correlationId: input.correlationId,
    });
    const mail = emailVerificationMail({
      to: newEmail,
      baseUrl: input.baseUrl,
      token,
      expiresInHours: TOKEN_TTL_MINUTES.email_verification / 60,
    });
    return { user: toUserRecord(target.row), mail };
  });
  await mailer.send(outcome.mail);
  return { user: outcome.user, verification_status: 'pending' };
}

/**
 * The target when the actor may change its email: itself, or with users.email.update and the
 * user in scope. The row must also be readable as the actor (RLS, the second layer).
 */
async function requireEmailEditor(
  tx: Tx,
  actor: WorkspaceContext,
  userId: string,
): Promise<TargetUser> {
  let target: TargetUser | null;
  if (userId === actor.user_id) {
    target = await loadTargetUser(tx, userId);
  } else {
    const view = await loadActorView(tx, actor);
    requireActiveCapability(view, 'users.email.update', 'changing a user email');
    target = await requireUserInScope(tx, view, userId);
  }
  const { rowCount } = await tx.query('select 1 from public.users where id = $1', [userId]);
  if (target === null || (rowCount ?? 0) === 0) throw userOutOfScope(userId);
  return target;
}
