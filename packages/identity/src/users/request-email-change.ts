import { addressLimitKey } from '../auth/address-limit-key';
import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  type EmailChangeRequest,
  ShellError,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { recordAudit, loadActorView, requireActiveCapability } from '@aiconnected/access';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import type { Mailer, MailMessage } from '../mail/create-mailer';
import { emailChangeNoticeMail } from '../mail/email-change-notice-mail';
import { emailTakenNoticeMail } from '../mail/email-taken-notice-mail';
import { emailVerificationMail } from '../mail/email-verification-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { loadTargetUser, type TargetUser } from './load-target-user';
import { requireEmail } from './normalize-email';
import { requireManageableUser } from './require-manageable-user';
import { userOutOfScope } from './user-errors';
import { toUserRecord } from './user-record';

export interface RequestEmailChangeInput {
  actor: WorkspaceContext;
  userId: string;
  newEmail: string;
  /** PLATFORM_PUBLIC_BASE_URL: the links in the mails point there. */
  baseUrl: string;
  correlationId: string;
  /** The client's address, limited separately from the addresses. */
  ip?: string;
}

/**
 * `PATCH /users/{id}/email`: starts an email change. Allowed for oneself, or with
 * `users.email.update` where the actor acts and the user manageable (`requireManageableUser`:
 * a manager cannot move an admin's account). Then, counted against `limiter` per IP, per new
 * address and per account (`RATE_LIMITED`): the NEW address gets a single-use verification
 * link (`verifyEmailChange` makes the change), or, when it already has an account, a notice
 * instead; the OLD address gets a notice with a link that cancels the change
 * (`cancelEmailChange`). The answer, the audit row (`user.email_change_requested`) and the
 * old address's mail are the same whether the new address is taken or not, so nobody learns
 * which addresses have accounts. Mail goes out after the commit.
 */
export async function requestEmailChange(
  db: Db,
  mailer: Mailer,
  limiter: AuthRateLimiter,
  input: RequestEmailChangeInput,
): Promise<EmailChangeRequest> {
  const { actor } = input;
  const newEmail = requireEmail(input.newEmail, 'new_email');
  const requireChange = async (tx: Tx): Promise<TargetUser> => {
    const target = await requireEmailEditor(tx, actor, input.userId);
    if (target.row.email === newEmail) {
      throw new ShellError('VALIDATION_BLOCKING', 'new email equals the current one', {
        userMessage: 'This is already the email address of the account.',
        details: { field: 'new_email', reason: 'unchanged' },
      });
    }
    return target;
  };
  // Checked first, so a request the actor may not make uses up nobody's allowance; counted
  // between the two transactions: the limiter takes its own pool connection, and waiting
  // for one while holding another would let N concurrent requests exhaust a pool of N.
  await db.withWorkspace(actor, requireChange);
  // The IP allowance is shared with password resets; the address keys are not, so email
  // changes aimed at an address never use up its owner's resets.
  if (input.ip !== undefined) await limiter.consume(addressLimitKey(input.ip));
  await limiter.consume(`email-change-to:${newEmail}`);
  await limiter.consume(`email-change-of:${input.userId}`);
  const outcome = await db.withWorkspace(actor, async (tx) => {
    const target = await requireChange(tx);
    const mails = await asServiceRole(tx, 'identity: issue the email change tokens', () =>
      issueEmailChange(tx, { actor, target, newEmail, baseUrl: input.baseUrl }),
    );
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'user.email_change_requested',
      targetType: 'user',
      targetId: input.userId,
      metadata: { new_email: newEmail },
      correlationId: input.correlationId,
    });
    return { user: toUserRecord(target.row), mails };
  });
  for (const mail of outcome.mails) await mailer.send(mail);
  return { user: outcome.user, verification_status: 'pending' };
}

interface EmailChangeIssue {
  actor: WorkspaceContext;
  target: TargetUser;
  newEmail: string;
  baseUrl: string;
}

/**
 * Issues the verification and cancel tokens (as the service) and returns the two mails. A
 * taken address gets its token too, never mailed: following it could only fail, and the
 * cancel link works alike.
 */
async function issueEmailChange(tx: Tx, issue: EmailChangeIssue): Promise<MailMessage[]> {
  const { actor, target, newEmail, baseUrl } = issue;
  const { rowCount } = await tx.query('select 1 from public.users where email = $1', [newEmail]);
  const taken = (rowCount ?? 0) > 0;
  const common = { userId: target.row.id, createdByUserId: actor.user_id };
  const { token: verifyToken } = await issueToken(tx, {
    ...common,
    purpose: 'email_verification',
    workspaceId: actor.workspace_id,
    newEmail,
    ttlMinutes: TOKEN_TTL_MINUTES.email_verification,
  });
  const { token: cancelToken } = await issueToken(tx, {
    ...common,
    purpose: 'email_change_cancel',
    workspaceId: actor.workspace_id,
    ttlMinutes: TOKEN_TTL_MINUTES.email_change_cancel,
  });
  const toNewAddress = taken
    ? emailTakenNoticeMail({ to: newEmail, baseUrl })
    : emailVerificationMail({
        to: newEmail,
        baseUrl,
        token: verifyToken,
        expiresInHours: TOKEN_TTL_MINUTES.email_verification / 60,
      });
  const toOldAddress = emailChangeNoticeMail({
    to: target.row.email,
    newEmail,
    baseUrl,
    token: cancelToken,
    expiresInHours: TOKEN_TTL_MINUTES.email_change_cancel / 60,
  });
  return [toNewAddress, toOldAddress];
}

/**
 * The target when the actor may change its email: itself, or with users.email.update and the
 * user manageable. The row must also be readable as the actor (RLS, the second layer).
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
    target = await requireManageableUser(tx, view, userId);
  }
  const { rowCount } = await tx.query('select 1 from public.users where id = $1', [userId]);
  if (target === null || (rowCount ?? 0) === 0) throw userOutOfScope(userId);
  return target;
}
