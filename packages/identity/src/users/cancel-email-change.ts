import type { Db } from '@aiconnected/db';
import { type EmailChangeCancelled, ShellError } from '@aiconnected/sdk-contracts';
import { consumeToken, INVALID_LINK_MESSAGE } from '../tokens/consume-token';
import { recordOwnAction } from './record-own-action';

export interface CancelEmailChangeInput {
  /** The token of the cancel link mailed to the old address. */
  token: string;
  correlationId?: string;
}

/**
 * `POST /auth/email/cancel`: spends the cancel token mailed to the old address and voids the
 * pending change (its verification link stops working); the account keeps its address. An
 * unknown, used or expired link, or one whose change was already confirmed, is
 * `SESSION_INVALID`. Audited as `user.email_change_cancelled`.
 */
export async function cancelEmailChange(
  db: Db,
  input: CancelEmailChangeInput,
): Promise<EmailChangeCancelled> {
  return db.withService('identity: cancel an email change', async (tx) => {
    const token = await consumeToken(tx, { purpose: 'email_change_cancel', token: input.token });
    const { rows } = await tx.query<{ new_email: string }>(
      `delete from public.auth_tokens
        where user_id = $1 and purpose = 'email_verification' and used_at is null
        returning new_email`,
      [token.user_id],
    );
    if (rows.length === 0) {
      throw new ShellError('SESSION_INVALID', 'no pending email change to cancel', {
        userMessage: INVALID_LINK_MESSAGE,
      });
    }
    await recordOwnAction(tx, {
      userId: token.user_id,
      workspaceId: token.workspace_id,
      action: 'user.email_change_cancelled',
      metadata: { new_email: rows[0]?.new_email ?? null },
      correlationId: input.correlationId ?? null,
    });
    return { verification_status: 'cancelled' } as const;
  });
}
