import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';
import { hashToken, isTokenShaped } from '../crypto/hash-token';
import type { AuthTokenPurpose, AuthTokenRow } from './auth-token';

export interface ConsumeTokenInput {
  /** One purpose or several (a set-password link may carry a reset or an invitation token). */
  purpose: AuthTokenPurpose | readonly AuthTokenPurpose[];
  token: string;
}

/** The one answer for every unusable link, so it reveals nothing about why it failed. */
export const INVALID_LINK_MESSAGE = 'This link is invalid or has expired.';

/**
 * Marks a single-use token used and returns its row; throws `SESSION_INVALID` when the token
 * is unknown, of another purpose, already used or expired. One conditional UPDATE claims it,
 * so of two concurrent uses exactly one succeeds. `tx` must run as the service.
 *
 * An invitation token's user row is locked (`for update`) BEFORE the token is claimed: a
 * resend, a revoke and an invite of the address lock the user row and then write its tokens,
 * and `redeemInvitation` locks the user after the claim, so claiming first would take the two
 * in the opposite order and deadlock with them (40P01). Every writer takes user, then token.
 */
export async function consumeToken(tx: Tx, input: ConsumeTokenInput): Promise<AuthTokenRow> {
  const purposes = typeof input.purpose === 'string' ? [input.purpose] : [...input.purpose];
  if (!isTokenShaped(input.token)) throw invalidLink();
  const tokenHash = hashToken(input.token);
  if (purposes.includes('invitation')) await lockUserOf(tx, tokenHash, purposes);
  const { rows } = await tx.query<AuthTokenRow>(
    `update public.auth_tokens
        set used_at = now()
      where token_hash = $1 and purpose = any($2::text[])
        and used_at is null and expires_at > now()
      returning id, purpose, user_id, workspace_id, role_template, new_email, created_by_user_id,
                expires_at, used_at, created_at`,
    [tokenHash, purposes],
  );
  const row = rows[0];
  if (!row) throw invalidLink();
  return row;
}

/** Locks the user row the token belongs to (none when the token is unknown: the claim fails). */
async function lockUserOf(tx: Tx, tokenHash: string, purposes: string[]): Promise<void> {
  await tx.query(
    `select 1 from public.users u
      where u.id = (select t.user_id from public.auth_tokens t
                     where t.token_hash = $1 and t.purpose = any($2::text[]))
        for update`,
    [tokenHash, purposes],
  );
}

function invalidLink(): ShellError {
  return new ShellError('SESSION_INVALID', 'single-use token unknown, used or expired', {
    userMessage: INVALID_LINK_MESSAGE,
  });
}
