import { addressLimitKey } from '../auth/address-limit-key';
import type { Db } from '@aiconnected/db';
import type { AuthRateLimiter } from '../auth/create-auth-rate-limiter';
import type { Mailer, MailMessage } from '../mail/create-mailer';
import { passwordResetMail } from '../mail/password-reset-mail';
import { TOKEN_TTL_MINUTES } from '../tokens/auth-token';
import { issueToken } from '../tokens/issue-token';
import { normalizeEmail } from './normalize-email';
import { recordOwnAction } from './record-own-action';
import type { PasswordResetRequested } from '@aiconnected/sdk-contracts';

export interface RequestPasswordResetInput {
  email: string;
  /** PLATFORM_PUBLIC_BASE_URL: the link in the mail points there. */
  baseUrl: string;
  correlationId: string;
  /** The client's address, limited separately from the account. */
  ip?: string;
}

/**
 * `POST /auth/password/reset` (self-service): mails a single-use reset link when the address
 * belongs to an active user. Answers `{ reset_status: 'requested' }` whatever the address, so
 * the answer tells nobody whether an account exists; the rate limit (per address and per IP,
 * counted before the lookup) applies equally to unknown addresses.
 */
export async function requestPasswordReset(
  db: Db,
  mailer: Mailer,
  limiter: AuthRateLimiter,
  input: RequestPasswordResetInput,
): Promise<PasswordResetRequested> {
  const email = normalizeEmail(input.email);
  if (input.ip !== undefined) await limiter.consume(addressLimitKey(input.ip));
  await limiter.consume(`account:${email ?? input.email.trim().toLowerCase()}`);
  if (email !== null) {
    const mail = await db.withService(
      'identity: self-service password reset',
      async (tx): Promise<MailMessage | null> => {
        const { rows } = await tx.query<{ id: string }>(
          `select id from public.users where email = $1 and status = 'active'`,
          [email],
        );
        const user = rows[0];
        if (!user) return null;
        const { token } = await issueToken(tx, {
          purpose: 'password_reset',
          userId: user.id,
          ttlMinutes: TOKEN_TTL_MINUTES.password_reset,
        });
        await recordOwnAction(tx, {
          userId: user.id,
          workspaceId: null,
          action: 'user.password_reset_requested',
          correlationId: input.correlationId,
        });
        return passwordResetMail({
          to: email,
          baseUrl: input.baseUrl,
          token,
          expiresInMinutes: TOKEN_TTL_MINUTES.password_reset,
        });
      },
    );
    if (mail !== null) await mailer.send(mail);
  }
  return { reset_status: 'requested' };
}
