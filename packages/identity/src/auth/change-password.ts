import type { Db } from '@aiconnected/db';
import { type PasswordChanged, ShellError } from '@aiconnected/sdk-contracts';
import { assertPasswordAcceptable } from '../crypto/assert-password-acceptable';
import type { SessionRecord } from '../sessions/session-record';
import { recordOwnAction } from '../users/record-own-action';
import type { AuthProvider } from './auth-provider';
import type { AuthRateLimiter } from './create-auth-rate-limiter';
import { setPassword } from './set-password';

export interface ChangePasswordInput {
  /** The signed-in session asking: its user changes their own password; it stays signed in. */
  session: SessionRecord;
  currentPassword: string;
  newPassword: string;
  correlationId: string;
}

/**
 * `POST /auth/password/change`: the signed-in user replaces their own password. Attempts
 * count against `limiter` per account before the current password is checked (`RATE_LIMITED`),
 * so a stolen session cannot guess it; a wrong current password is `VALIDATION_BLOCKING`
 * (field `current_password`) and a weak new one the password policy's `VALIDATION_BLOCKING`.
 * An impersonating session may not change the impersonated user's password, nor anyone whose
 * password lives with an external provider (`PERMISSION_DENIED` {reason}). On success every
 * other session of the user is revoked and `user.password_changed` is audited, in one
 * transaction; the answer is the `passwordChangedSchema` resource.
 */
export async function changePassword(
  db: Db,
  provider: AuthProvider,
  limiter: AuthRateLimiter,
  input: ChangePasswordInput,
): Promise<PasswordChanged> {
  const { session } = input;
  if (session.impersonation) {
    throw new ShellError('PERMISSION_DENIED', 'password change while impersonating', {
      userMessage: 'Stop impersonating to change your own password.',
      details: { reason: 'impersonating' },
    });
  }
  if (provider.kind !== 'local') {
    // The password lives with the external provider (Supabase Auth): a local one would be ignored.
    throw new ShellError(
      'PERMISSION_DENIED',
      `password change with the ${provider.kind} provider`,
      {
        userMessage: 'Your password is managed by your sign-in provider: change it there.',
        details: { reason: 'external_auth_provider' },
      },
    );
  }
  const accountKey = `password-change:${session.userId}`;
  await limiter.consume(accountKey);
  const authenticated = await provider.authenticate(db, {
    email: session.user.email,
    password: input.currentPassword,
  });
  if (authenticated?.userId !== session.userId) {
    throw new ShellError('VALIDATION_BLOCKING', 'password change: wrong current password', {
      userMessage: 'Your current password is not correct.',
      details: { field: 'current_password', reason: 'incorrect' },
    });
  }
  assertPasswordAcceptable(
    input.newPassword,
    [session.user.email, session.user.displayName ?? ''].filter(Boolean),
  );

  const revoked = await db.withService('identity: change own password', async (tx) => {
    await setPassword(tx, { userId: session.userId, password: input.newPassword });
    const { rowCount } = await tx.query(
      `update public.sessions set revoked_at = now()
        where user_id = $1 and id <> $2 and revoked_at is null`,
      [session.userId, session.id],
    );
    await recordOwnAction(tx, {
      userId: session.userId,
      workspaceId: session.activeWorkspaceId,
      action: 'user.password_changed',
      metadata: { other_sessions_revoked: rowCount ?? 0 },
      correlationId: input.correlationId,
    });
    return rowCount ?? 0;
  });
  await limiter.reset(accountKey);
  return { password_status: 'changed', revoked_sessions: revoked };
}
